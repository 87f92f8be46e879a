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
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.hibernate.exception.ConstraintViolationException;

@ApplicationScoped
public class UserService {

    private static final String INVALID_LOGIN = "Invalid login or password.";

    @Inject
    UserRepository users;

    @Inject
    LoginFailureRepository failures;

    @Inject
    PasswordHasher hasher;

    @Inject
    UserConfig config;

    @Inject
    WriteConflicts conflicts;

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

    /**
     * Checks a login. Unknown names and wrong passwords fail alike, after one bcrypt check each,
     * and both count towards the failure limit of that name.
     */
    public User authenticate(String loginName, String password) {
        if (!loginName.matches(UserResource.LOGIN_NAME_PATTERN)) {
            // no such user can exist; it costs the same as any other failure but counts nowhere
            hasher.burnOneCheck(password);
            throw new InvalidCredentialsException(INVALID_LOGIN);
        }
        String key = loginKeyOf(loginName);
        Instant now = Instant.now();
        Instant windowStartLimit = windowStartLimit(now);
        refuseWhileThrottled(key, now, windowStartLimit);

        Optional<User> user = conflicts.inNewTransaction(() -> users.findByLoginName(loginName));
        boolean matches;
        if (user.isPresent()) {
            matches = hasher.matches(password, user.get().passwordHash);
        } else {
            hasher.burnOneCheck(password);
            matches = false;
        }
        if (!matches) {
            conflicts.runInNewTransaction(() -> failures.recordFailure(key, now, windowStartLimit));
            // the name passed the sign-up pattern above, so it cannot forge log lines
            Log.infof("Failed login for '%s'", loginName);
            throw new InvalidCredentialsException(INVALID_LOGIN);
        }
        conflicts.runInNewTransaction(() -> failures.clear(key));
        return user.get();
    }

    /** A failure window that started before this moment has ended. */
    private Instant windowStartLimit(Instant now) {
        return now.minus(config.failureWindow());
    }

    private void refuseWhileThrottled(String key, Instant now, Instant windowStartLimit) {
        Optional<LoginFailureRepository.Window> window = conflicts.inNewTransaction(() -> failures.findWindow(key));
        if (window.isPresent()
                && window.get().startedAt().isAfter(windowStartLimit)
                && window.get().failures() >= config.maxLoginFailures()) {
            Instant windowEnds = window.get().startedAt().plus(config.failureWindow());
            throw new TooManyLoginFailuresException(Duration.between(now, windowEnds));
        }
    }

    /** Changes the password after checking the current one; a wrong current password is 403. */
    public void changePassword(long userId, String currentPassword, String newPassword) {
        User user = conflicts.inNewTransaction(() -> users.findById(userId));
        if (user == null || currentPassword == null || !hasher.matches(currentPassword, user.passwordHash)) {
            throw new WrongPasswordException("The current password is wrong.");
        }
        requireAcceptablePassword(newPassword);
        String hash = hasher.hash(newPassword);
        conflicts.runInNewTransaction(() -> users.update("passwordHash = ?1 where id = ?2", hash, userId));
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
                    + PasswordHasher.MAX_BYTES + " bytes of UTF-8.");
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
