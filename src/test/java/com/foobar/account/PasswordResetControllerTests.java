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
import org.springframework.session.FindByIndexNameSessionRepository;
import org.springframework.session.MapSession;
import org.springframework.session.Session;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;

import static org.hamcrest.Matchers.containsString;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/** /reset in a web slice: what it checks before the one statement that spends the code (that one: AccountStackIT). */
@WebMvcTest(PasswordResetController.class)
@Import({ WebSliceConfiguration.class, PasswordReset.class, AccountSessions.class })
class PasswordResetControllerTests {

	private static final String CODE = "the-operators-one-time-code-0123";

	private static final String FRESH = "a fresh and long passphrase";

	@Autowired
	private MockMvc mvc;

	@MockitoBean
	private AccountRepository accounts;

	@MockitoBean
	private FindByIndexNameSessionRepository<Session> sessions;

	@BeforeEach
	void anAccountWithAPendingResetAndTwoSessions() {
		given(this.accounts.findByHandle("alice"))
			.willReturn(Optional.of(new Account("alice", "alice@example.com", "{noop}x", Instant.EPOCH)));
		given(this.accounts.resetPending("alice", PasswordReset.digest(CODE))).willReturn(1);
		given(this.accounts.useReset(eq("alice"), eq(PasswordReset.digest(CODE)), anyString())).willReturn(1);
		given(this.sessions.findByPrincipalName("alice"))
			.willReturn(Map.of("a-laptop", new MapSession("a-laptop"), "a-phone", new MapSession("a-phone")));
	}

	@Test
	void theRightCodeSetsTheNewPasswordEndsEverySessionAndSendsToSignIn() throws Exception {
		reset("alice", CODE, FRESH, FRESH).andExpect(redirectedUrl("/login?handle=alice"));
		verify(this.accounts).useReset(eq("alice"), eq(PasswordReset.digest(CODE)), anyString());
		verify(this.sessions).deleteById("a-laptop");
		verify(this.sessions).deleteById("a-phone");
	}

	@Test
	void aWrongCodeAndAnUnknownHandleGetTheSameAnswerAndChangeNothing() throws Exception {
		reset("alice", "not-the-code", FRESH, FRESH).andExpect(status().isOk())
			.andExpect(content().string(containsString("That reset code is not valid for this handle")));
		reset("mallory", CODE, FRESH, FRESH).andExpect(status().isOk())
			.andExpect(content().string(containsString("That reset code is not valid for this handle")));
		verify(this.accounts, never()).useReset(anyString(), anyString(), anyString());
		verify(this.sessions, never()).deleteById(anyString());
	}

	@Test
	void theNewPasswordFollowsTheSignUpRules() throws Exception {
		reset("alice", CODE, FRESH, "another passphrase").andExpect(content().string(containsString("The two passwords differ")));
		reset("alice", CODE, "short", "short").andExpect(content().string(containsString("12 to 128 characters")));
		reset("alice", CODE, "alice@example.com", "alice@example.com")
			.andExpect(content().string(containsString("too easy to guess")));
		verify(this.accounts, never()).useReset(anyString(), anyString(), anyString());
	}

	private ResultActions reset(String handle, String code, String password, String confirm) throws Exception {
		return this.mvc.perform(post("/reset").secure(true).with(csrf()).param("handle", handle).param("code", code)
			.param("password", password).param("confirmPassword", confirm));
	}

}
