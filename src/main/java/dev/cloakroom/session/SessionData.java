package dev.cloakroom.session;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cloakroom.web.BadRequestProblem;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.Map;

/** Session data: a JSON object, stored as compact text, at most max-data-bytes long. */
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
            node = mapper.readTree(body);
        } catch (java.io.IOException e) {
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

    private void requireWithinLimit(int bytes) {
        if (bytes > config.maxDataBytes()) {
            throw new DataTooLargeException("Session data may be at most " + config.maxDataBytes()
                    + " bytes; this is " + bytes + ".");
        }
    }
}
