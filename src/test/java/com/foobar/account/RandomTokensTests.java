package com.foobar.account;

import java.util.Base64;
import java.util.HashSet;
import java.util.Set;

import org.junit.jupiter.api.Test;

import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.security.web.csrf.CsrfToken;

import static org.assertj.core.api.Assertions.assertThat;

class RandomTokensTests {

	@Test
	void eachTokenIs192RandomBitsInBase64UrlThatFitTheSessionTable() {
		RandomTokens ids = new RandomTokens();
		Set<String> seen = new HashSet<>();
		for (int i = 0; i < 10_000; i++) {
			String id = ids.generate();
			assertThat(id).hasSize(32).matches("[A-Za-z0-9_-]+");
			assertThat(Base64.getUrlDecoder().decode(id)).hasSize(RandomTokens.BYTES);
			seen.add(id);
		}
		assertThat(seen).hasSize(10_000);
	}

	@Test
	void csrfTokensAreSuchTokensInAHostOnlyHttpOnlyCookie() {
		CsrfTokens tokens = new CsrfTokens();
		MockHttpServletRequest request = new MockHttpServletRequest();
		request.setSecure(true);
		CsrfToken token = tokens.generateToken(request);
		assertThat(token.getToken()).hasSize(32).matches("[A-Za-z0-9_-]+");
		assertThat(token.getParameterName()).isEqualTo("_csrf");
		MockHttpServletResponse response = new MockHttpServletResponse();
		tokens.saveToken(token, request, response);
		assertThat(response.getHeader("Set-Cookie")).startsWith(CsrfTokens.COOKIE + "=" + token.getToken() + ";")
			.contains("Path=/", "Secure", "HttpOnly"); // SameSite too: AccountStackIT reads it off the real site
	}

}
