package com.foobar.account;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;

import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.mock.web.MockHttpSession;

import static org.assertj.core.api.Assertions.assertThat;

/** However busy, a session ends its lifetime after it began; before that, it goes on. */
class SessionLifetimeTests {

	@Test
	void aSessionEndsTwelveHoursAfterItBeganAndTheRequestGoesOnWithoutIt() throws Exception {
		MockHttpSession session = new MockHttpSession();
		Instant began = Instant.ofEpochMilli(session.getCreationTime());
		assertThat(passes(session, began.plus(Duration.ofHours(11)))).isTrue();
		assertThat(session.isInvalid()).isFalse();
		assertThat(passes(session, began.plus(Duration.ofHours(12)).plusSeconds(1))).isTrue();
		assertThat(session.isInvalid()).isTrue();
	}

	/** Runs the filter at {@code now}; whether the request went on down the chain. */
	private static boolean passes(MockHttpSession session, Instant now) throws Exception {
		MockHttpServletRequest request = new MockHttpServletRequest("GET", "/");
		request.setSession(session);
		MockFilterChain chain = new MockFilterChain();
		new SessionLifetime(Duration.ofHours(12), Clock.fixed(now, ZoneOffset.UTC)).doFilter(request,
				new MockHttpServletResponse(), chain);
		return chain.getRequest() != null;
	}

}
