package io.analogcast.security;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.analogcast.config.AnalogcastConfig;
import io.quarkus.logging.Log;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Checks bearer tokens against configured SHA-256 hashes. The presented token is hashed and compared with every
 * configured hash in constant time, without stopping at a match, so timing reveals neither which token nor how
 * much of one matched. With no tokens configured, a random user and admin token are made for this run and logged.
 *
 * <p>An Authorization header found valid is remembered (a bounded Caffeine cache), so a client's next request skips
 * the hash, which a native executable computes without the JVM's SHA intrinsics. The configured tokens do not change
 * while the service runs, so a remembered header cannot go stale; only valid ones are remembered, so guesses cannot
 * fill it, and a hit reveals nothing that the answer itself does not.
 */
@ApplicationScoped
@Startup
public class TokenAuthenticator {

    /** RFC 6750 token68 characters. */
    private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9\\-._~+/]+=*");

    public record Principal(String name, boolean admin) {
    }

    public enum Outcome { MISSING, MALFORMED, INVALID, VALID }

    /** Outcome of checking an Authorization header; {@code principal} only when valid. */
    public record Result(Outcome outcome, Principal principal, String reason) {
        static Result of(Outcome outcome, String reason) {
            return new Result(outcome, null, reason);
        }
    }

    record Known(byte[] sha256, Principal principal) {
    }

    /** Headers remembered: more than the clients of one pod plausibly use at once. */
    static final int REMEMBERED_HEADERS = 1_000;

    private final List<Known> known;
    private final Cache<String, Result> accepted = Caffeine.newBuilder().maximumSize(REMEMBERED_HEADERS)
            .executor(Runnable::run).build();

    @Inject
    public TokenAuthenticator(AnalogcastConfig config) {
        this(configured(config));
    }

    TokenAuthenticator(List<Known> known) {
        this.known = List.copyOf(known);
    }

    private static List<Known> configured(AnalogcastConfig config) {
        List<Known> known = new ArrayList<>();
        for (Map.Entry<String, AnalogcastConfig.Security.Token> e : config.security().tokens().entrySet()) {
            String role = e.getValue().role().toLowerCase(Locale.ROOT);
            if (!role.equals("user") && !role.equals("admin")) {
                throw new IllegalArgumentException("analogcast.security.tokens." + e.getKey() + ".role must be user or admin");
            }
            byte[] hash;
            try {
                hash = HexFormat.of().parseHex(e.getValue().sha256().trim());
            } catch (IllegalArgumentException bad) {
                hash = new byte[0];
            }
            if (hash.length != 32) {
                throw new IllegalArgumentException("analogcast.security.tokens." + e.getKey()
                        + ".sha256 must be 64 hex digits (sha256sum of the token), not the token itself");
            }
            known.add(new Known(hash, new Principal(e.getKey(), role.equals("admin"))));
        }
        if (config.security().enabled() && known.isEmpty()) {
            String user = generate();
            String admin = generate();
            known.add(new Known(sha256(user), new Principal("generated-user", false)));
            known.add(new Known(sha256(admin), new Principal("generated-admin", true)));
            // logged once so that a demo run is usable; production configures hashes and never sees this
            Log.warnf("no API tokens configured (analogcast.security.tokens.*); generated for this run only: "
                    + "user token %s , admin token %s", user, admin);
        }
        return known;
    }

    public Result authenticate(String authorization) {
        if (authorization == null || authorization.isBlank()) {
            return Result.of(Outcome.MISSING, "this endpoint needs 'Authorization: Bearer <token>'");
        }
        Result remembered = accepted.getIfPresent(authorization);
        if (remembered != null) {
            return remembered;
        }
        String[] parts = authorization.trim().split(" ");
        if (parts.length != 2 || !parts[0].equalsIgnoreCase("Bearer")) {
            return Result.of(Outcome.MALFORMED, "malformed Authorization header: expected 'Bearer <token>'");
        }
        if (!TOKEN.matcher(parts[1]).matches()) {
            return Result.of(Outcome.MALFORMED, "malformed Authorization header: the token has characters a token cannot have");
        }
        byte[] presented = sha256(parts[1]);
        Principal match = null;
        for (Known k : known) {
            if (MessageDigest.isEqual(k.sha256(), presented)) {
                match = k.principal();
            }
        }
        if (match == null) {
            return Result.of(Outcome.INVALID, "the bearer token is not valid");
        }
        Result valid = new Result(Outcome.VALID, match, null);
        accepted.put(authorization, valid);
        return valid;
    }

    /** How many headers are remembered (for tests). */
    long remembered() {
        accepted.cleanUp();
        return accepted.estimatedSize();
    }

    static byte[] sha256(String token) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String generate() {
        byte[] bytes = new byte[24];
        new SecureRandom().nextBytes(bytes);
        return java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
