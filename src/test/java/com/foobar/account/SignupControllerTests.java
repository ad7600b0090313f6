package com.foobar.account;

import com.foobar.WebSliceConfiguration;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

import static org.hamcrest.Matchers.containsString;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.argThat;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.flash;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

@WebMvcTest(SignupController.class)
@Import({ WebSliceConfiguration.class, SignupService.class })
class SignupControllerTests {

	@Autowired
	private MockMvc mvc;

	@MockitoBean
	private AccountRepository accounts;

	@Test
	void badValuesAreShownFieldByFieldAndNothingIsSaved() throws Exception {
		this.mvc.perform(signup("a!", "not-an-email", "short", "other"))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("A handle has 3 to 30 letters, digits or underscores.")))
			.andExpect(content().string(containsString("That does not look like an e-mail address.")))
			.andExpect(content().string(containsString("A password has 12 to 128 characters.")))
			.andExpect(content().string(containsString("The two passwords differ.")))
			.andExpect(content().string(containsString("value=\"not-an-email\"")));
		verify(this.accounts, never()).saveAndFlush(any());
	}

	@Test
	void guessablePasswordsAreRefused() throws Exception {
		this.mvc.perform(signup("carol", "carol@example.com", "carol-is-my-name", "carol-is-my-name"))
			.andExpect(content().string(containsString("That password is too easy to guess.")));
		this.mvc.perform(signup("carol", "carol@example.com", "password1234", "password1234"))
			.andExpect(content().string(containsString("That password is too easy to guess.")));
		verify(this.accounts, never()).saveAndFlush(any());
	}

	@Test
	void aTakenHandleIsRefused() throws Exception {
		given(this.accounts.existsByHandle("dave")).willReturn(true);
		this.mvc.perform(signup("Dave", "dave@example.com", "a long enough phrase", "a long enough phrase"))
			.andExpect(content().string(containsString("That handle is taken.")));
		verify(this.accounts, never()).saveAndFlush(any());
	}

	@Test
	void aGoodSignupStoresAHashAndSendsToSignIn() throws Exception {
		this.mvc.perform(signup("Erin_1", "Erin@Example.com", "a long enough phrase", "a long enough phrase"))
			.andExpect(redirectedUrl("/login?handle=erin_1"));
		verify(this.accounts).saveAndFlush(argThat(account -> account.getHandle().equals("erin_1")
				&& account.getEmail().equals("erin@example.com")
				&& account.getPasswordHash().startsWith("{pbkdf2@SpringSecurity_v5_8}")));
	}

	/**
	 * A stranger must not learn which e-mail addresses have accounts: one that has gets the answer a new account
	 * gets, and nothing is created.
	 */
	@Test
	void aRegisteredEmailIsAnsweredAsANewAccountAndNothingIsCreated() throws Exception {
		given(this.accounts.existsByEmail("grace@example.com")).willReturn(true);
		this.mvc.perform(signup("grace", "Grace@example.com", "a long enough phrase", "a long enough phrase"))
			.andExpect(redirectedUrl("/login?handle=grace"))
			.andExpect(flash().attribute("notice", "signup.done"));
		this.mvc.perform(signup("heidi", "heidi@example.com", "a long enough phrase", "a long enough phrase"))
			.andExpect(redirectedUrl("/login?handle=heidi"))
			.andExpect(flash().attribute("notice", "signup.done"));
		verify(this.accounts, never()).saveAndFlush(argThat(account -> account.getHandle().equals("grace")));
		verify(this.accounts).saveAndFlush(argThat(account -> account.getHandle().equals("heidi")));
	}

	/** bcrypt refused passwords past 72 bytes with a 500; 128 characters of two bytes each are 256. */
	@Test
	void aLongPasswordIsAccepted() throws Exception {
		String password = "é".repeat(128);
		this.mvc.perform(signup("frank", "frank@example.com", password, password))
			.andExpect(redirectedUrl("/login?handle=frank"));
		verify(this.accounts).saveAndFlush(argThat(account -> account.getHandle().equals("frank")));
	}

	private static MockHttpServletRequestBuilder signup(String handle, String email, String password, String again) {
		return post("/signup").with(csrf())
			.param("handle", handle)
			.param("email", email)
			.param("password", password)
			.param("confirmPassword", again);
	}

}
