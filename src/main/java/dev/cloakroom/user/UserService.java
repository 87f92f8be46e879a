package dev.cloakroom.user;

import static dev.cloakroom.user.UserRepository.loginKeyOf;

import dev.cloakroom.db.Utc;
import dev.cloakroom.db.WriteConflicts;
import dev.cloakroom.web.BadRequestProblem;
import io.quarkus.logging.Log;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.PersistenceException;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.Optional;
import org.hibernate.exception.ConstraintViolationException;

@ApplicationScoped
public class UserService {

    private static final String INVALID_LOGIN = "Invalid login or password.";

    @Inject
    UserRepository users;

    @Inject
    LoginThrottle throttle;

    @Inject
    PasswordHasher hasher;

    @Inject
    UserConfig config;

    @Inject
    WriteConflicts conflicts;

    @Inject
    LoginMetrics metrics;

    public User register(String loginName, String password) {
        if (!config.selfRegistration()) {
            throw new SelfRegistrationClosedException("Self-registration is turned off.");
        }
        return create(loginName, password, User.ROLE_USER);
    }

    /**
     * Creates a user. The bcrypt hash is computed before the transaction opens, so a slow hash
     * never holds a database connection.
     */
    public User create(String loginName, String password, String role) {
        requireAcceptablePassword(password);
        String hash = hasher.hash(password);
        try {
            return conflicts.inNewTransaction(() -> insert(loginName, hash, role));
        } catch (PersistenceException e) {
            if (isDuplicateKey(e)) {
                throw new LoginNameTakenException("The login name '" + loginName + "' is taken.");
            }
            throw e;
        }
    }

    private User insert(String loginName, String passwordHash, String role) {
        if (users.existsByLoginName(loginName)) {
            throw new LoginNameTakenException("The login name '" + loginName + "' is taken.");
        }
        User user = new User();
        user.loginName = loginName;
        user.loginKey = loginKeyOf(loginName);
        user.passwordHash = passwordHash;
        user.role = role;
        user.createdAt = Utc.now();
        users.persistAndFlush(user);
        return user;
    }

    /** A new password checked and hashed, to be stored by {@link #storeNewPassword}. */
    public record PasswordChange(long userId, String hash, long credentialVersion) {
    }

    /**
     * Checks a login. Unknown names and wrong passwords fail alike, after one bcrypt check each.
     * The attempt is counted before the check, for the client's address and the name
     * ({@link LoginThrottle}); the user returned carries the credential version its password was
     * checked against.
     */
    public User authenticate(String loginName, String password, String clientAddress) {
        boolean possible = loginName.matches(UserResource.LOGIN_NAME_PATTERN);
        LoginThrottle.Attempt attempt = countLogin(possible ? Optional.of(loginKeyOf(loginName)) : Optional.empty(),
                clientAddress);
        Optional<User> user = possible
                ? conflicts.inNewTransaction(() -> users.findByLoginName(loginName))
                : Optional.empty();
        if (!checks(password, user)) {
            metrics.attempted(user.isEmpty() ? LoginMetrics.Outcome.UNKNOWN_USER : LoginMetrics.Outcome.WRONG_PASSWORD);
            if (possible) {
                // the name passed the sign-up pattern, so it cannot forge log lines
                Log.infof("Failed login for '%s'", loginName);
            }
            throw new InvalidCredentialsException(INVALID_LOGIN);
        }
        throttle.succeeded(attempt);
        metrics.attempted(LoginMetrics.Outcome.SUCCESS);
        return user.get();
    }

    private LoginThrottle.Attempt countLogin(Optional<String> loginKey, String clientAddress) {
        try {
            return throttle.count(loginKey, clientAddress);
        } catch (TooManyLoginFailuresException e) {
            metrics.attempted(LoginMetrics.Outcome.THROTTLED);
            throw e;
        }
    }

    /** One bcrypt check, also for no user or a password no account can have, so failures take alike long. */
    private boolean checks(String password, Optional<User> user) {
        if (user.isEmpty() || !PasswordHasher.couldBeStored(password)) {
            hasher.burnOneCheck(password);
            return false;
        }
        return hasher.matches(password, user.get().passwordHash);
    }

    /**
     * Checks the current password (counted like a login: 429 past the limits, 403 when wrong)
     * and hashes the new one, outside any transaction.
     */
    public PasswordChange checkPasswordChange(User user, String clientAddress, String currentPassword,
            String newPassword) {
        User stored = checkOwnPassword(user, clientAddress, currentPassword, "The current password is wrong.");
        requireAcceptablePassword(newPassword);
        return new PasswordChange(stored.id, hasher.hash(newPassword), stored.credentialVersion);
    }

    /**
     * Checks the password of a logged-in user again, before a sensitive action (counted like a
     * login: 429 past the limits, 403 when wrong). Returns the user as stored, with the
     * credential version the password was checked against.
     */
    public User reauthenticate(User user, String clientAddress, String password) {
        return checkOwnPassword(user, clientAddress, password, "The password is wrong.");
    }

    private User checkOwnPassword(User user, String clientAddress, String password, String wrong) {
        LoginThrottle.Attempt attempt = throttle.count(Optional.of(user.loginKey), clientAddress);
        User stored = conflicts.inNewTransaction(() -> users.findById(user.id));
        if (stored == null || password == null || !checks(password, Optional.of(stored))) {
            throw new WrongPasswordException(wrong);
        }
        throttle.succeeded(attempt);
        return stored;
    }

    /**
     * Stores a checked password change in the caller's transaction and returns the user's new
     * credential version; 409 when the password changed since it was checked.
     */
    public long storeNewPassword(PasswordChange change) {
        int updated = users.update("passwordHash = ?1, credentialVersion = credentialVersion + 1"
                + " where id = ?2 and credentialVersion = ?3", change.hash(), change.userId(), change.credentialVersion());
        if (updated != 1) {
            throw new PasswordChangedMeanwhileException("The password was changed by another request meanwhile.");
        }
        return change.credentialVersion() + 1;
    }

    /**
     * Locks the user's row in the caller's transaction, which must be open: a change to the
     * set of a user's sessions that must not race another (the per-user limit) takes it first,
     * before any session row, as a password change does; the login throttle's counters are
     * locked only in transactions of their own, so no lock order can cross. Answers the user's
     * credential version as it is now; empty when the user is gone.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public Optional<Long> lockForSessionChange(long userId) {
        return users.lockForSessionChange(userId);
    }

    @Transactional
    public Optional<User> findByLoginName(String loginName) {
        return users.findByLoginName(loginName);
    }

    /** Creates the configured administrator unless that login name exists already. */
    public void ensureAdministrator(String loginName, String password) {
        if (conflicts.inNewTransaction(() -> users.existsByLoginName(loginName))) {
            return;
        }
        try {
            create(loginName, password, User.ROLE_ADMIN);
            Log.infof("Created administrator account '%s'", loginName);
        } catch (LoginNameTakenException e) {
            // another instance created it at the same moment
        }
    }

    private static void requireAcceptablePassword(String password) {
        if (!PasswordHasher.acceptable(password)) {
            throw new BadRequestProblem("password must be " + PasswordHasher.MIN_BYTES + " to "
                    + PasswordHasher.MAX_BYTES + " bytes of UTF-8, without NUL characters or half surrogate pairs.");
        }
    }

    private static boolean isDuplicateKey(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ConstraintViolationException) {
                return true;
            }
        }
        return false;
    }
}
