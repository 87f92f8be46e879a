package dev.cloakroom.user;

import dev.cloakroom.db.DatabaseException;
import dev.cloakroom.db.WriteConflicts;
import dev.cloakroom.user.LoginFailureRepository.Window;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Limits password guessing, per client address and per login name, across all instances.
 *
 * <p>Every attempt is counted before its password is checked, in one short transaction that
 * increments the counters and reads them back: parallel attempts queue on the counter rows, so a
 * burst gets exactly as many checks as the limit allows. An attempt over a limit is rolled back
 * and refused, and counts for nothing.
 *
 * <p>The address limit is low and comes first: an address over it gets 429 for any name, and its
 * attempts stop reaching the name counters. The name limit is much higher, so one address can
 * never lock a user out; only many addresses together can, and they can guess no more than the
 * name limit per window. IPv6 addresses count per /64, the block one subscriber usually holds.
 */
@ApplicationScoped
public class LoginThrottle {

    /** The counters an attempt was counted against. */
    public record Attempt(String addressKey, Optional<String> nameKey) {
    }

    /** Address keys start with a character login names cannot contain, so the two never collide. */
    private static final String ADDRESS_PREFIX = "ip:";

    @Inject
    LoginFailureRepository failures;

    @Inject
    UserConfig config;

    @Inject
    WriteConflicts conflicts;

    /** Counts an attempt for this client address and, when given, login key; 429 when over a limit. */
    public Attempt count(Optional<String> loginKey, String clientAddress) {
        Instant now = Instant.now();
        Instant windowStartLimit = now.minus(config.failureWindow());
        String addressKey = addressKey(clientAddress);
        List<String> keys = loginKey.map(name -> List.of(addressKey, name)).orElse(List.of(addressKey));
        try {
            failures.ensureCounters(keys, now);
        } catch (SQLException e) {
            throw new DatabaseException(e);
        }
        return conflicts.inNewTransaction(() -> {
            Window byAddress = failures.count(addressKey, now, windowStartLimit);
            if (byAddress.failures() > config.maxLoginFailuresPerAddress()) {
                throw new TooManyLoginFailuresException("Too many failed logins from this address. Try again later.",
                        retryAfter(byAddress, now));
            }
            if (loginKey.isPresent()) {
                Window byName = failures.count(loginKey.get(), now, windowStartLimit);
                if (byName.failures() > config.maxLoginFailures()) {
                    throw new TooManyLoginFailuresException(
                            "Too many failed logins for this login name. Try again later.", retryAfter(byName, now));
                }
            }
            return new Attempt(addressKey, loginKey);
        });
    }

    /** The attempt was right: the name's failures are forgotten, and the address gets this attempt back. */
    public void succeeded(Attempt attempt) {
        // address first, then name, in every transaction: the same lock order, so no deadlock
        conflicts.runInNewTransaction(() -> {
            failures.takeBackOne(attempt.addressKey());
            attempt.nameKey().ifPresent(failures::clear);
        });
    }

    private Duration retryAfter(Window window, Instant now) {
        return Duration.between(now, window.startedAt().plus(config.failureWindow()));
    }

    /** The counter key of a client address: the address itself, or its /64 for IPv6. */
    static String addressKey(String clientAddress) {
        String literal = clientAddress == null ? "" : clientAddress.replaceFirst("%.*$", "");
        // only literals are parsed, so no name is ever looked up
        if (!literal.matches("[0-9.]{7,15}|[0-9A-Fa-f:.]{2,45}")) {
            return ADDRESS_PREFIX + "unknown";
        }
        try {
            byte[] bytes = InetAddress.getByName(literal).getAddress();
            if (bytes.length == 16) {
                Arrays.fill(bytes, 8, 16, (byte) 0);
                return ADDRESS_PREFIX + InetAddress.getByAddress(bytes).getHostAddress() + "/64";
            }
            return ADDRESS_PREFIX + InetAddress.getByAddress(bytes).getHostAddress();
        } catch (UnknownHostException e) {
            return ADDRESS_PREFIX + "unknown";
        }
    }
}
