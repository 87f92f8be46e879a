package dev.cloakroom.testsupport;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/** Two calls released at the same moment, each on a thread of its own: for races. */
public final class AtOnce {

    private AtOnce() {
    }

    /** Both calls' results, in call order; a call's exception is rethrown, wrapped. */
    public static <T> List<T> run(Callable<T> first, Callable<T> second) throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(2);
        try {
            CyclicBarrier start = new CyclicBarrier(2);
            List<Future<T>> futures = new ArrayList<>();
            for (Callable<T> call : List.of(first, second)) {
                futures.add(threads.submit(() -> {
                    start.await();
                    return call.call();
                }));
            }
            List<T> results = new ArrayList<>();
            for (Future<T> future : futures) {
                results.add(future.get());
            }
            return results;
        } finally {
            threads.shutdownNow();
        }
    }
}
