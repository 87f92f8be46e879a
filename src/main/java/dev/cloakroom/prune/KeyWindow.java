package dev.cloakroom.prune;

/**
 * Up to a chunk's worth of sessions along the primary key: how many rows the window held, live
 * or not, the ids of its first and last row (the key walk continues after the last), and how
 * many of them had expired.
 */
record KeyWindow(int rows, long firstId, long lastId, int expired) {

    /** Whether every row of the window had expired (and it held any). */
    boolean allExpired() {
        return rows > 0 && expired == rows;
    }
}
