package dev.cloakroom.session;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cloakroom.db.RetryOnWriteConflict;
import dev.cloakroom.db.Utc;
import dev.cloakroom.db.WriteConflicts;
import dev.cloakroom.events.EndedSession;
import dev.cloakroom.events.EventOutbox;
import dev.cloakroom.events.EventType;
import dev.cloakroom.events.NewEvent;
import dev.cloakroom.session.SessionRepository.LockedData;
import dev.cloakroom.user.User;
import dev.cloakroom.user.UserService;
import dev.cloakroom.web.ClientInfo;
import io.quarkus.logging.Log;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * What can be done with sessions. Each public method is one short transaction (login is
 * several: the bcrypt check runs outside any transaction so it never holds a connection), and a
 * transaction that loses a write conflict runs again ({@link WriteConflicts}).
 */
@ApplicationScoped
public class SessionService {

    /** A session just opened, with the only copy of its raw token. */
    public record Opened(String token, Session session) {
    }

    /** The caller's session and every live session of its user. */
    public record OwnSessions(Session current, List<Session> all) {
    }

    @Inject
    SessionRepository sessions;

    @Inject
    SessionLookup lookup;

    @Inject
    SessionTokens tokens;

    @Inject
    SessionData data;

    @Inject
    SessionConfig config;

    @Inject
    UserService users;

    @Inject
    WriteConflicts conflicts;

    @Inject
    SessionMetrics metrics;

    @Inject
    EventOutbox events;

    @Transactional
    @RetryOnWriteConflict
    public Opened openGuest(ClientInfo client) {
        return open(null, SessionData.EMPTY, client, Utc.now());
    }

    /**
     * Logs in, always into a new session with a new token. A live session presented with the
     * request ends; its data moves over when it was a guest's or the same user's.
     */
    public Opened login(String loginName, String password, Optional<String> presentedToken, ClientInfo client) {
        User user = users.authenticate(loginName, password, client.ip());
        return conflicts.inNewTransaction(() -> rotateInto(user, presentedToken, client));
    }

    private Opened rotateInto(User user, Optional<String> presentedToken, ClientInfo client) {
        Instant now = Utc.now();
        int limit = config.maxPerUser();
        // the user's row first, before any session row: the lock order of a password change
        Optional<Long> credentialVersion = limit > 0 ? users.lockForSessionChange(user.id) : Optional.empty();
        String carried = SessionData.EMPTY;
        EndedSession rotatedFrom = null;
        Optional<Session> previous = presentedToken
                .flatMap(SessionTokens::parse)
                .flatMap(token -> sessions.lockLive(token, now));
        if (previous.isPresent()) {
            Session old = previous.get();
            if (old.user == null || old.user.id.equals(user.id)) {
                carried = old.data;
            }
            sessions.deleteSession(old.id);
            rotatedFrom = new EndedSession(old.publicId, old.user == null ? null : old.user.id);
            Log.debugf("Login of user %d ended session %s", user.id, old.publicId);
        }
        Opened opened = open(user, carried, client, now);
        events.record(NewEvent.login(now, user.id, opened.session().publicId, rotatedFrom));
        if (credentialVersion.isPresent()) {
            evictOverLimit(user.id, credentialVersion.get(), opened.session().publicId, limit, now);
        }
        return opened;
    }

    /**
     * Ends the user's least recently used live sessions beyond {@code limit}, the new one
     * counted (it is the most recently used). Logins of one user queue on the user's row, so
     * each sees the sessions the ones before it left.
     */
    private void evictOverLimit(long userId, long credentialVersion, String newSessionId, int limit, Instant now) {
        List<SessionRepository.SessionKey> live = sessions.lockLiveOfUserByLastUse(userId, credentialVersion, now);
        if (live.size() <= limit) {
            return;
        }
        List<SessionRepository.SessionKey> evicted = live.subList(limit, live.size());
        sessions.deleteByIds(evicted.stream().map(SessionRepository.SessionKey::id).toList());
        metrics.ended(SessionMetrics.Ended.EVICTED, evicted.size());
        events.record(NewEvent.ended(EventType.EVICT, now, userId, newSessionId,
                evicted.stream().map(SessionRepository.SessionKey::publicId).toList()));
        Log.debugf("Login of user %d over the limit of %d sessions ended %d", userId, limit, evicted.size());
    }

    private Opened open(User user, String initialData, ClientInfo client, Instant now) {
        byte[] secret = tokens.newSecret();
        Session session = new Session();
        session.publicId = tokens.newPublicId();
        session.tokenHash = SessionTokens.hash(secret);
        session.user = user == null ? null : sessions.getEntityManager().getReference(User.class, user.id);
        session.data = initialData;
        session.version = 1;
        session.createdAt = now;
        session.authenticatedAt = user == null ? null : now;
        session.lastSeenAt = now;
        session.absoluteExpiresAt = now.plus(config.absoluteTimeout());
        session.expiresAt = expiryFor(now, session.absoluteExpiresAt);
        session.userAgent = client.userAgent();
        session.ip = client.ip();
        session.credentialVersion = user == null ? 0 : user.credentialVersion;
        sessions.persistAndFlush(session);
        metrics.opened(user == null ? SessionMetrics.Opened.GUEST : SessionMetrics.Opened.LOGIN);
        sessions.getEntityManager().detach(session);
        session.user = user;
        Log.debugf("Opened session %s for %s", session.publicId, user == null ? "a guest" : "user " + user.id);
        return new Opened(SessionTokens.token(session.id, secret), session);
    }

    /**
     * The caller's live session, its last-seen moved forward when the touch interval has passed.
     * No transaction: the read and the touch are single statements ({@link SessionLookup}).
     */
    @RetryOnWriteConflict
    public Session current(Optional<String> token) {
        return authenticate(token, Utc.now());
    }

    @Transactional
    @RetryOnWriteConflict
    public Session replaceData(Session current, byte[] body, Optional<String> ifMatch) {
        String replacement = data.write(data.parseObject(body));
        return writeData(current, ifMatch, stored -> replacement);
    }

    @Transactional
    @RetryOnWriteConflict
    public Session mergeData(Session current, byte[] body, Optional<String> ifMatch) {
        ObjectNode patch = data.parseObject(body);
        return writeData(current, ifMatch, stored -> data.write(SessionData.mergePatch(data.read(stored), patch)));
    }

    /**
     * Every data write locks the row first, so a merge sees the data it merges into and an
     * If-Match compares against the version that is about to be replaced. The lock also checks
     * that the row still has the token the request was authenticated with: a password change
     * may have rotated it since (and one that ended the session deleted the row). Two
     * statements in the transaction: the locking read and the update.
     */
    private Session writeData(Session current, Optional<String> ifMatch, UnaryOperator<String> change) {
        Instant now = Utc.now();
        LockedData locked = sessions.lockData(current.id, current.tokenHash, now)
                .filter(row -> row.credentialVersion() == current.credentialVersion)
                .orElseThrow(SessionService::noSession);
        if (ifMatch.isPresent() && !ETags.matches(ifMatch.get(), locked.version())) {
            throw new StaleVersionException("The session data changed since version " + ifMatch.get()
                    + "; it is now at " + ETags.of(locked.version()) + ".");
        }
        String text = change.apply(locked.data());
        Instant seen = later(locked.lastSeenAt(), now);
        Instant expires = expiryFor(seen, locked.absoluteExpiresAt());
        sessions.writeData(current.id, text, locked.version() + 1, seen, expires);
        Session written = current.copy();
        written.data = text;
        written.version = locked.version() + 1;
        written.lastSeenAt = seen;
        written.expiresAt = expires;
        return written;
    }

    /** Ends the session of this token, if any: logging out twice is not an error. */
    @Transactional
    @RetryOnWriteConflict
    public void logout(Optional<String> token) {
        Optional<EndedSession> ended = token.flatMap(SessionTokens::parse).flatMap(sessions::deleteByToken);
        metrics.ended(SessionMetrics.Ended.LOGOUT, ended.isPresent() ? 1 : 0);
        ended.filter(session -> session.userId() != null).ifPresent(session -> events.record(NewEvent.ended(
                EventType.LOGOUT, Utc.now(), session.userId(), session.sessionId(), List.of(session.sessionId()))));
    }

    @Transactional
    @RetryOnWriteConflict
    public OwnSessions listOwn(Session caller) {
        Session current = requireUser(caller);
        return new OwnSessions(current, sessions.findLiveByUser(current.user.id, Utc.now()));
    }

    @Transactional
    @RetryOnWriteConflict
    public void revoke(Session caller, String publicId) {
        Session current = requireUser(caller);
        Session target = sessions.findLiveByPublicIdAndUser(publicId, current.user.id, Utc.now())
                .orElseThrow(() -> new SessionNotFoundException("No session '" + publicId + "' of yours is live."));
        if (sessions.deleteSession(target.id)) {
            metrics.ended(SessionMetrics.Ended.REVOKE, 1);
            events.record(NewEvent.ended(EventType.REVOKE, Utc.now(), current.user.id, current.publicId,
                    List.of(target.publicId)));
        }
    }

    /** Ends every other live session of the caller's user; returns how many. */
    @Transactional
    @RetryOnWriteConflict
    public long revokeOthers(Session caller) {
        Session current = requireUser(caller);
        Instant now = Utc.now();
        List<String> revoked = sessions.deleteLiveOfUserExcept(current.user.id, current.id, now);
        metrics.ended(SessionMetrics.Ended.REVOKE_OTHERS, revoked.size());
        if (!revoked.isEmpty()) {
            events.record(NewEvent.ended(EventType.REVOKE_OTHERS, now, current.user.id, current.publicId, revoked));
        }
        return revoked.size();
    }

    /** The session, which must belong to a user (not a guest); 401 otherwise. */
    static Session requireUser(Session session) {
        if (session.user == null) {
            throw new NoSessionException("This needs a logged-in session; a guest session is not enough.");
        }
        return session;
    }

    public SessionView view(Session session) {
        return SessionView.of(session, config.idleTimeout());
    }

    public long secondsToAbsoluteExpiry(Session session) {
        return Duration.between(Instant.now(), session.absoluteExpiresAt).toSeconds();
    }

    private Session authenticate(Optional<String> token, Instant now) {
        Session session = token.flatMap(SessionTokens::parse)
                .flatMap(t -> lookup.findLive(t, now))
                .orElseThrow(SessionService::noSession);
        touchIfDue(session, now);
        return session;
    }

    /** At most one write per touch interval; the condition in the UPDATE keeps it monotonic. */
    private void touchIfDue(Session session, Instant now) {
        Instant staleBefore = now.minus(config.touchInterval());
        if (!session.lastSeenAt.isBefore(staleBefore)) {
            return;
        }
        Instant expires = expiryFor(now, session.absoluteExpiresAt);
        if (lookup.touchIfStale(session.id, now, expires, staleBefore)) {
            session.lastSeenAt = now;
            session.expiresAt = expires;
        }
    }

    private Instant expiryFor(Instant lastSeen, Instant absoluteExpiry) {
        Instant idleExpiry = lastSeen.plus(config.idleTimeout());
        return idleExpiry.isBefore(absoluteExpiry) ? idleExpiry : absoluteExpiry;
    }

    private static Instant later(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }

    static NoSessionException noSession() {
        return new NoSessionException("No live session: the token is missing, unknown, expired or revoked.");
    }
}
