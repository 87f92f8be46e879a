package dev.cloakroom.db;

import jakarta.interceptor.InterceptorBinding;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A {@code @Transactional} method whose transaction is run again when it loses a write conflict
 * ({@link WriteConflicts}). Only where the method is the whole transaction: called inside a
 * transaction that is already open, it runs once and the caller's own retry, if any, decides.
 */
@InterceptorBinding
@Target({ ElementType.METHOD, ElementType.TYPE })
@Retention(RetentionPolicy.RUNTIME)
public @interface RetryOnWriteConflict {
}
