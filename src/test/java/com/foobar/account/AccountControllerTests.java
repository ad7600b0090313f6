package com.foobar.account;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;

import com.foobar.WebSliceConfiguration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.session.FindByIndexNameSessionRepository;
import org.springframework.session.MapSession;
import org.springframework.session.Session;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/** The account page in a web slice: what a password change checks, and which sessions it and the owner end. */
@WebMvcTest(AccountController.class)
@Import({ WebSliceConfiguration.class, PasswordChange.class, AccountSessions.class, Reauthentication.class,
		SecondFactor.class })
class AccountControllerTests {

	private static final String CURRENT = "the current passphrase";

	@Autowired
	private MockMvc mvc;

	@Autowired
	private PasswordEncoder encoder;

	@MockitoBean
	private AccountRepository accounts;

	@MockitoBean
	private FindByIndexNameSessionRepository<Session> sessions;

	private Account alice;

	private final MockHttpSession browser = new MockHttpSession(null, "this-browser");

	@BeforeEach
	void anAccountWithTwoSessions() {
		this.alice = new Account("alice", "alice@example.com", this.encoder.encode(CURRENT), Instant.EPOCH);
		given(this.accounts.findByHandle("alice")).willReturn(Optional.of(this.alice));
		given(this.sessions.findByPrincipalName("alice"))
			.willReturn(Map.of("this-browser", new MapSession("this-browser"), "a-phone", new MapSession("a-phone")));
	}

	@Test
	void onlyTheOwnerSignedInSeesThePage() throws Exception {
		this.mvc.perform(get("/account")).andExpect(redirectedUrl("/login"));
		this.mvc.perform(get("/account").with(user("alice")).session(this.browser))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("data-ref=\"" + AccountSessions.ref("a-phone") + "\"")))
			.andExpect(content().string(not(containsString("a-phone"))));
	}

	@Test
	void aWrongCurrentPasswordChangesNothingAndCountsAsAFailedSignIn() throws Exception {
		String hash = this.alice.getPasswordHash();
		this.mvc.perform(change("not the current one", "a brand new passphrase", "a brand new passphrase"))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("That is not your current password.")));
		assertThat(this.alice.getPasswordHash()).isEqualTo(hash);
		verify(this.sessions, never()).deleteById(anyString());
	}

	@Test
	void aNewPasswordFollowsTheSignUpRules() throws Exception {
		this.mvc.perform(change(CURRENT, "alice-in-wonderland", "alice-in-wonderland"))
			.andExpect(content().string(containsString("That password is too easy to guess.")));
		this.mvc.perform(change(CURRENT, "short", "other"))
			.andExpect(content().string(containsString("A password has 12 to 128 characters.")))
			.andExpect(content().string(containsString("The two passwords differ.")));
		assertThat(this.encoder.matches(CURRENT, this.alice.getPasswordHash())).isTrue();
	}

	@Test
	void aChangedPasswordEndsEveryOtherSession() throws Exception {
		this.mvc.perform(change(CURRENT, "a brand new passphrase", "a brand new passphrase"))
			.andExpect(redirectedUrl("/account"));
		assertThat(this.encoder.matches("a brand new passphrase", this.alice.getPasswordHash())).isTrue();
		verify(this.sessions).deleteById("a-phone");
		verify(this.sessions, never()).deleteById("this-browser");
		assertThat(this.browser.getId()).as("this session's new id").isNotEqualTo("this-browser");
	}

	@Test
	void theOwnerEndsChosenSessionsByTheirReferenceOnceThePasswordIsGivenAgain() throws Exception {
		this.mvc.perform(end("not the password", "ref", AccountSessions.ref("a-phone")))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("That is not your current password.")));
		this.mvc.perform(end(CURRENT, "ref", "0000000000000000")).andExpect(redirectedUrl("/account"));
		verify(this.sessions, never()).deleteById(any());
		this.mvc.perform(end(CURRENT, "ref", AccountSessions.ref("a-phone"))).andExpect(redirectedUrl("/account"));
		verify(this.sessions).deleteById("a-phone");
		verify(this.sessions, never()).deleteById(this.browser.getId());
	}

	@Test
	void everySessionButThisOneEndsAtOnce() throws Exception {
		this.mvc.perform(end(CURRENT, "everywhereElse", "true")).andExpect(redirectedUrl("/account"));
		verify(this.sessions).deleteById("a-phone");
		verify(this.sessions, never()).deleteById(this.browser.getId());
	}

	/** The seed the page offered, kept in the session, is the one turned on, and only with its current code. */
	@Test
	void theSecondFactorTurnsOnWithTheOfferedSeedAndItsCodeAndThePassword() throws Exception {
		this.mvc.perform(get("/account").with(user("alice")).session(this.browser))
			.andExpect(content().string(containsString("otpauth://totp/foobar%3Aalice?secret=")));
		String seed = (String) this.browser.getAttribute(AccountController.NEW_SEED);
		String code = "%06d".formatted(Totp.code(Totp.decode(seed), Totp.step(java.time.Instant.now())));
		given(this.accounts.useTotpStep(any(), org.mockito.ArgumentMatchers.anyLong())).willReturn(1);

		this.mvc.perform(factorOn("not the password", code))
			.andExpect(content().string(containsString("That is not your current password.")));
		this.mvc.perform(factorOn(CURRENT, "000000".equals(code) ? "111111" : "000000"))
			.andExpect(content().string(containsString("That code is not right.")));
		assertThat(this.alice.getTotpSecret()).isNull();
		this.mvc.perform(factorOn(CURRENT, code)).andExpect(redirectedUrl("/account"));
		assertThat(this.alice.getTotpSecret()).isEqualTo(seed);
		assertThat(this.browser.getAttribute(AccountController.NEW_SEED)).isNull();
	}

	private org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder factorOn(String password,
			String code) {
		return post("/account/second-factor/on").param("currentPassword", password)
			.param("code", code)
			.with(user("alice"))
			.with(csrf())
			.session(this.browser);
	}

	private org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder end(String password,
			String name, String value) {
		return post("/account/sessions/end").param("currentPassword", password)
			.param(name, value)
			.with(user("alice"))
			.with(csrf())
			.session(this.browser);
	}

	private org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder change(String current,
			String password, String confirm) {
		return post("/account/password").param("currentPassword", current)
			.param("password", password)
			.param("confirmPassword", confirm)
			.with(user("alice"))
			.with(csrf())
			.session(this.browser);
	}

}
