package dev.cloakroom.web;

/** Checks on text that arrived in a request. */
public final class Texts {

    private Texts() {
    }

    /** Whether every surrogate in {@code text} is half of a pair, in order: it encodes to UTF-8 and back unchanged. */
    public static boolean wholeCharacters(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return false;
            }
        }
        return true;
    }
}
