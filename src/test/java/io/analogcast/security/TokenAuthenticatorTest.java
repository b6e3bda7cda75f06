package io.analogcast.security;

import io.analogcast.security.TokenAuthenticator.Known;
import io.analogcast.security.TokenAuthenticator.Outcome;
import io.analogcast.security.TokenAuthenticator.Principal;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** Tokens checked against their hashes; a valid header is remembered, nothing else is. */
class TokenAuthenticatorTest {

    private final TokenAuthenticator authenticator = new TokenAuthenticator(List.of(
            new Known(TokenAuthenticator.sha256("user-token"), new Principal("client-a", false)),
            new Known(TokenAuthenticator.sha256("admin-token"), new Principal("ops", true))));

    @Test
    void aValidHeaderIsRememberedAndStillNamesItsPrincipal() {
        for (int i = 0; i < 3; i++) {
            TokenAuthenticator.Result result = authenticator.authenticate("Bearer user-token");
            assertEquals(Outcome.VALID, result.outcome());
            assertEquals(new Principal("client-a", false), result.principal());
        }
        assertEquals(1, authenticator.remembered());
        assertEquals(new Principal("ops", true), authenticator.authenticate("Bearer admin-token").principal());
        assertEquals(2, authenticator.remembered());
    }

    @Test
    void invalidAndMalformedHeadersAreRefusedEveryTimeAndNotRemembered() {
        authenticator.authenticate("Bearer user-token");
        for (int i = 0; i < 3; i++) {
            assertEquals(Outcome.INVALID, authenticator.authenticate("Bearer user-tokens").outcome());
            assertEquals(Outcome.MALFORMED, authenticator.authenticate("Basic user-token").outcome());
            assertEquals(Outcome.MALFORMED, authenticator.authenticate("Bearer user token").outcome());
            assertEquals(Outcome.MISSING, authenticator.authenticate(" ").outcome());
            assertNull(authenticator.authenticate("Bearer admin").principal());
        }
        assertEquals(1, authenticator.remembered(), "only the valid header");
    }
}
