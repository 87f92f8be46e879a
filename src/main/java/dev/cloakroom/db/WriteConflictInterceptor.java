package dev.cloakroom.db;

import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.annotation.Priority;
import jakarta.inject.Inject;
import jakarta.interceptor.AroundInvoke;
import jakarta.interceptor.Interceptor;
import jakarta.interceptor.InvocationContext;

/**
 * Runs a {@link RetryOnWriteConflict} method again after a lost write conflict. Its priority puts
 * it outside the {@code @Transactional} interceptor (PLATFORM_BEFORE + 200), so every attempt is
 * a transaction of its own, commit included: on Galera the conflict shows at commit.
 */
@RetryOnWriteConflict
@Interceptor
@Priority(Interceptor.Priority.PLATFORM_BEFORE + 100)
public class WriteConflictInterceptor {

    @Inject
    WriteConflicts conflicts;

    @AroundInvoke
    Object retry(InvocationContext context) throws Exception {
        if (QuarkusTransaction.isActive()) {
            return context.proceed();
        }
        return conflicts.retrying(context::proceed);
    }
}
