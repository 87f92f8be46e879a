package dev.cloakroom.user;

import io.quarkus.elytron.security.common.BcryptUtil;
import dev.cloakroom.web.Texts;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import org.wildfly.security.password.Password;
import org.wildfly.security.password.PasswordFactory;
import org.wildfly.security.password.WildFlyElytronPasswordProvider;
import org.wildfly.security.password.interfaces.BCryptPassword;
import org.wildfly.security.password.util.ModularCrypt;

/** bcrypt through Elytron. bcrypt reads at most 72 bytes, hence the password length rule. */
@ApplicationScoped
public class PasswordHasher {

    public static final int MIN_BYTES = 8;
    public static final int MAX_BYTES = 72;

    private final WildFlyElytronPasswordProvider provider = WildFlyElytronPasswordProvider.getInstance();
    private final int cost;
    private volatile String decoyHash;

    @Inject
    PasswordHasher(UserConfig config) {
        this.cost = config.bcryptCost();
    }

    public String hash(String password) {
        return BcryptUtil.bcryptHash(password, cost);
    }

    public boolean matches(String password, String hash) {
        try {
            PasswordFactory factory = PasswordFactory.getInstance(BCryptPassword.ALGORITHM_BCRYPT, provider);
            Password stored = factory.translate(ModularCrypt.decode(hash));
            return factory.verify(stored, password.toCharArray());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Stored password hash is not a bcrypt hash", e);
        }
    }

    /**
     * Spends one bcrypt check on nothing, so a login for an unknown name takes as long as a
     * wrong password for a known one.
     */
    public void burnOneCheck(String password) {
        String decoy = decoyHash;
        if (decoy == null) {
            decoy = hash("cloakroom-decoy-password");
            decoyHash = decoy;
        }
        matches(password, decoy);
    }

    /**
     * Whether a new password meets the rules: 8 to 72 bytes of UTF-8, no NUL and no half of a
     * surrogate pair. bcrypt reads 72 bytes and stops at a NUL, and a lone surrogate encodes as
     * the same replacement byte as any other: passwords breaking these rules would let others in.
     */
    public static boolean acceptable(String password) {
        return password != null && password.getBytes(StandardCharsets.UTF_8).length >= MIN_BYTES
                && couldBeStored(password);
    }

    /** Whether a password presented at login could be one that {@link #acceptable} let through. */
    public static boolean couldBeStored(String password) {
        return password.getBytes(StandardCharsets.UTF_8).length <= MAX_BYTES
                && password.indexOf('\u0000') < 0 && Texts.wholeCharacters(password);
    }
}
