package dev.cloakroom.prune;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cloakroom.testsupport.AtOnce;
import dev.cloakroom.testsupport.GaleraNode;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The prune lease on two nodes of a Galera cluster that both take writes ({@code .ci/galera
 * test}): the one-row {@code UPDATE} that replaces {@code GET_LOCK}, which Galera keeps local to
 * a node. Each node's take can succeed locally; the cluster's certification then fails one.
 */
class GaleraLeaseIT {

    private static final Duration LENGTH = Duration.ofSeconds(30);
    private static final int ROUNDS = 50;

    private static GaleraNode node1;
    private static GaleraNode node2;
    private static PruneLease onNode1;
    private static PruneLease onNode2;

    @BeforeAll
    static void leaseOnEachNode() throws Exception {
        node1 = GaleraNode.number(1);
        node2 = GaleraNode.number(2);
        node1.migrate();
        onNode1 = leaseOver(node1);
        onNode2 = leaseOver(node2);
    }

    @AfterAll
    static void close() {
        node1.close();
        node2.close();
    }

    @Test
    void twoNodesTakingTheLeaseAtOnceLeaveItWithExactlyOne() throws Exception {
        for (int round = 0; round < ROUNDS; round++) {
            String one = "node1-holder-" + round;
            String two = "node2-holder-" + round;
            List<Boolean> taken = AtOnce.run(() -> onNode1.tryAcquire(one, LENGTH), () -> onNode2.tryAcquire(two, LENGTH));

            assertEquals(1, taken.stream().filter(t -> t).count(), "round " + round + ": " + taken);
            String winner = taken.get(0) ? one : two;
            assertEquals(winner, holderSeenBy(onNode1), "round " + round);
            assertEquals(winner, holderSeenBy(onNode2), "round " + round);
            assertFalse(onNode1.renew(taken.get(0) ? two : one, LENGTH), "the loser cannot renew");

            (taken.get(0) ? onNode1 : onNode2).release(winner);
            assertTrue(onNode2.currentHolder().isEmpty(), "released");
        }
        // how often the race was decided by certification rather than by one node seeing the other's row
        System.out.printf("GaleraLeaseIT: %d rounds; certification failures on the two nodes so far: %s + %s%n",
                ROUNDS, node1.status("wsrep_local_cert_failures"), node2.status("wsrep_local_cert_failures"));
    }

    @Test
    void aLeaseTakenOnOneNodeIsHeldAgainstTheOtherUntilReleased() throws Exception {
        assertTrue(onNode1.tryAcquire("first", LENGTH));
        try {
            assertFalse(onNode2.tryAcquire("second", LENGTH));
            assertEquals("first", holderSeenBy(onNode2));
            assertTrue(onNode2.renew("first", LENGTH), "the holder renews through either node");
        } finally {
            onNode1.release("first");
        }
        // wsrep_sync_wait=1 makes reads causal, not updates: without this read, node 2 may not
        // have applied the release yet, and its take would (rightly) find "first" still holding
        assertEquals("(nobody)", holderSeenBy(onNode2));
        assertTrue(onNode2.tryAcquire("second", LENGTH));
        onNode2.release("second");
    }

    private static String holderSeenBy(PruneLease lease) throws Exception {
        return lease.currentHolder().map(PruneLease.Holder::name).orElse("(nobody)");
    }

    private static PruneLease leaseOver(GaleraNode node) throws Exception {
        PruneLease lease = new PruneLease();
        lease.dataSource = node.dataSource();
        lease.init();
        return lease;
    }

}
