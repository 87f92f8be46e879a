package dev.cloakroom.prune;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDateTime;
import java.util.List;
import java.util.Optional;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/** The rules by which a run moves between the expires_at index and the primary key. */
class WalkTest {

    private static final LocalDateTime EXPIRED = LocalDateTime.of(2026, 1, 1, 0, 0);

    private static List<ExpiryKey> keys(long... ids) {
        return LongStream.of(ids).mapToObj(id -> new ExpiryKey(EXPIRED, id)).toList();
    }

    @Test
    void aRunStartsAtTheBeginningOfTheIndex() {
        Walk walk = new Walk();

        assertFalse(walk.byKey());
        assertEquals(Optional.empty(), walk.afterExpiry());
    }

    @Test
    void aShortOrEmptyChunkFromTheIndexEndsTheWalk() {
        assertTrue(new Walk().indexChunkRead(keys(), 4));
        assertTrue(new Walk().indexChunkRead(keys(7, 3, 9), 4));
    }

    @Test
    void aFullChunkFromTheIndexStartsAKeyWalkAtItsLowestId() {
        Walk walk = new Walk();

        assertFalse(walk.indexChunkRead(keys(40, 12, 33, 25), 4));

        assertTrue(walk.byKey());
        assertEquals(11, walk.afterId());
        assertEquals(Optional.of(new ExpiryKey(EXPIRED, 25)), walk.afterExpiry());
    }

    @Test
    void theKeyWalkGoesOnWhileAtLeastHalfOfEachFullWindowExpired() {
        Walk walk = new Walk();
        walk.indexChunkRead(keys(1, 2, 3, 4), 4);

        walk.keyWindowRead(new KeyWindow(4, 5, 8, 2), 4);

        assertTrue(walk.byKey());
        assertEquals(8, walk.afterId());
    }

    @Test
    void aSparseWindowSendsTheWalkBackToTheIndexForSomeFullChunks() {
        Walk walk = new Walk();
        walk.indexChunkRead(keys(1, 2, 3, 4), 4);

        walk.keyWindowRead(new KeyWindow(4, 47, 50, 1), 4);

        assertFalse(walk.byKey());
        for (int i = 0; i < Walk.KEY_WALK_RETRY_AFTER; i++) {
            assertFalse(walk.indexChunkRead(keys(5, 6, 7, 8), 4));
            assertFalse(walk.byKey(), "still along the index after " + (i + 1) + " chunks");
        }
        assertFalse(walk.indexChunkRead(keys(30, 31, 32, 33), 4));
        assertTrue(walk.byKey());
        assertEquals(50, walk.afterId(), "rows already read by key are not read again");
    }

    @Test
    void theEndOfTheTableSendsTheWalkBackToTheIndex() {
        Walk walk = new Walk();
        walk.indexChunkRead(keys(1, 2, 3, 4), 4);

        walk.keyWindowRead(new KeyWindow(2, 5, 6, 2), 4);

        assertFalse(walk.byKey());
        assertEquals(6, walk.afterId());
    }
}
