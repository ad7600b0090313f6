package com.foobar.account;

import com.foobar.WebSliceConfiguration;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.test.web.servlet.MockMvc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestBuilders.formLogin;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;

/** Sign-in failures are throttled per account, with the same answer whether the account exists or not. */
@WebMvcTest(LoginController.class)
@Import(WebSliceConfiguration.class)
class LoginTests {

	@Autowired
	private MockMvc mvc;

	@Autowired
	private MeterRegistry registry;

	@Test
	void failuresAreCountedThenThrottled() throws Exception {
		for (int i = 0; i < 5; i++) {
			this.mvc.perform(formLogin().user("mallory").password("wrong-" + i)).andExpect(redirectedUrl("/login?error"));
		}
		this.mvc.perform(formLogin().user("mallory").password("maybe-this")).andExpect(redirectedUrl("/login?throttled"));
		this.mvc.perform(formLogin().user("MALLORY").password("or-this")).andExpect(redirectedUrl("/login?throttled"));
		assertThat(this.registry.counter("foobar.signins", "result", "failure").count()).isEqualTo(5);
		assertThat(this.registry.counter("foobar.signins", "result", "throttled").count()).isEqualTo(2);
	}

}
