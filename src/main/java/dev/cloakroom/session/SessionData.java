package dev.cloakroom.session;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cloakroom.web.BadRequestProblem;
import dev.cloakroom.web.Texts;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.Map;

/**
 * Session data: a JSON object, stored as compact text, at most max-data-bytes long and
 * max-data-depth deep. Data is checked before it is stored, so whatever is stored reads back as
 * written: no number that the parser would turn into infinity or zero, no string with half a
 * surrogate pair (the database would store a question mark), no nesting past the limit.
 */
@ApplicationScoped
public class SessionData {

    public static final String EMPTY = "{}";

    @Inject
    ObjectMapper mapper;

    @Inject
    SessionConfig config;

    /** Parses a request body that must be a JSON object. */
    public ObjectNode parseObject(byte[] body) {
        requireWithinLimit(body.length);
        JsonNode node;
        try {
            requireStorable(body);
            node = mapper.readTree(body);
        } catch (IOException e) {
            throw new BadRequestProblem("The request body is not valid JSON.");
        }
        if (node == null || node.isMissingNode()) {
            throw new BadRequestProblem("The request body is empty; session data must be a JSON object.");
        }
        if (!node.isObject()) {
            throw new BadRequestProblem("Session data must be a JSON object.");
        }
        return (ObjectNode) node;
    }

    /** Parses stored data. */
    public ObjectNode read(String stored) {
        try {
            return (ObjectNode) mapper.readTree(stored);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Stored session data is not JSON", e);
        }
    }

    /** Compact text for storage, refused when over the limit. */
    public String write(ObjectNode data) {
        String text;
        try {
            text = mapper.writeValueAsString(data);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("A JSON tree always serialises", e);
        }
        requireWithinLimit(text.getBytes(StandardCharsets.UTF_8).length);
        return text;
    }

    /** RFC 7396 JSON merge patch: {@code null} removes a member, objects merge, the rest replaces. */
    public static ObjectNode mergePatch(ObjectNode target, ObjectNode patch) {
        Iterator<Map.Entry<String, JsonNode>> members = patch.fields();
        while (members.hasNext()) {
            Map.Entry<String, JsonNode> member = members.next();
            JsonNode value = member.getValue();
            if (value.isNull()) {
                target.remove(member.getKey());
            } else if (value.isObject()) {
                JsonNode existing = target.get(member.getKey());
                ObjectNode base = existing != null && existing.isObject()
                        ? (ObjectNode) existing
                        : target.objectNode();
                target.set(member.getKey(), mergePatch(base, (ObjectNode) value));
            } else {
                target.set(member.getKey(), value);
            }
        }
        return target;
    }

    /** One pass over the tokens: nesting depth, numbers and strings that would not read back as sent. */
    private void requireStorable(byte[] body) throws IOException {
        try (JsonParser parser = mapper.getFactory().createParser(body)) {
            int depth = 0;
            for (JsonToken token = parser.nextToken(); token != null; token = parser.nextToken()) {
                switch (token) {
                    case START_OBJECT, START_ARRAY -> {
                        if (++depth > config.maxDataDepth()) {
                            throw new BadRequestProblem("Session data may be nested at most " + config.maxDataDepth()
                                    + " objects or arrays deep.");
                        }
                    }
                    case END_OBJECT, END_ARRAY -> depth--;
                    case FIELD_NAME, VALUE_STRING -> requireWholeCharacters(parser.getText());
                    case VALUE_NUMBER_FLOAT -> requireRepresentable(parser.getDoubleValue(), parser.getText());
                    default -> {
                        // integers of any size, booleans and null read back exactly
                    }
                }
            }
        }
    }

    private static void requireRepresentable(double value, String text) {
        boolean lost = Double.isInfinite(value) || (value == 0 && hasNonZeroDigit(text));
        if (lost) {
            throw new BadRequestProblem("The number " + (text.length() > 40 ? text.substring(0, 40) + "..." : text)
                    + " is out of range for session data (a 64-bit floating-point number).");
        }
    }

    /** Whether the mantissa of a JSON number has a digit other than zero. */
    private static boolean hasNonZeroDigit(String number) {
        for (int i = 0; i < number.length(); i++) {
            char c = number.charAt(i);
            if (c == 'e' || c == 'E') {
                return false;
            }
            if (c >= '1' && c <= '9') {
                return true;
            }
        }
        return false;
    }

    private static void requireWholeCharacters(String text) {
        if (!Texts.wholeCharacters(text)) {
            throw new BadRequestProblem("Session data may not contain half of a surrogate pair.");
        }
    }

    private void requireWithinLimit(int bytes) {
        if (bytes > config.maxDataBytes()) {
            throw new DataTooLargeException("Session data may be at most " + config.maxDataBytes()
                    + " bytes; this is " + bytes + ".");
        }
    }
}
