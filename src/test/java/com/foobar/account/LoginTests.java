package com.foobar.account;

import java.util.List;

import com.foobar.WebSliceConfiguration;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.test.web.servlet.MockMvc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestBuilders.formLogin;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;

/**
 * Sign-in failures are throttled per account, with the same answer whether the account exists or not, and
 * logged as structured security events without the name or password that was tried.
 */
@WebMvcTest(LoginController.class)
@Import(WebSliceConfiguration.class)
@ExtendWith(OutputCaptureExtension.class)
class LoginTests {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	@Autowired
	private MockMvc mvc;

	@Autowired
	private MeterRegistry registry;

	@Test
	void failuresAreCountedThenThrottled(CapturedOutput output) throws Exception {
		for (int i = 0; i < 5; i++) {
			this.mvc.perform(formLogin().user("mallory").password("wrong-" + i)).andExpect(redirectedUrl("/login?error"));
		}
		this.mvc.perform(formLogin().user("mallory").password("maybe-this")).andExpect(redirectedUrl("/login?throttled"));
		this.mvc.perform(formLogin().user("MALLORY").password("or-this")).andExpect(redirectedUrl("/login?throttled"));
		assertThat(this.registry.counter("foobar.signins", "result", "failure").count()).isEqualTo(5);
		assertThat(this.registry.counter("foobar.signins", "result", "throttled").count()).isEqualTo(2);
		String digest = LoginThrottle.key("mallory").substring(0, 16);
		List<JsonNode> events = output.getOut().lines().filter(line -> line.startsWith("{")).map(JSON::readTree)
			.filter(event -> event.path("log").path("logger").asString().equals("foobar.security"))
			.toList();
		assertThat(events).hasSize(7).allSatisfy(event -> {
			assertThat(event.path("event").path("action").asString()).isEqualTo("sign-in");
			assertThat(event.path("client").path("address").asString()).isEqualTo("127.0.0.1");
			assertThat(event.path("foobar").path("account_digest").asString()).isEqualTo(digest);
		});
		assertThat(events).extracting(event -> event.path("event").path("outcome").asString())
			.containsExactly("failure", "failure", "failure", "failure", "failure", "throttled", "throttled");
		assertThat(output.getAll()).doesNotContainIgnoringCase("mallory").doesNotContain("wrong-", "maybe-this");
	}

	@Test
	void signingOutTellsTheBrowserToClearWhatItKeptOfTheSite() throws Exception {
		this.mvc.perform(post("/logout").secure(true).with(user("alice")).with(csrf()))
			.andExpect(redirectedUrl("/?signedOut"))
			.andExpect(header().string("Clear-Site-Data", "\"cache\", \"cookies\", \"storage\""));
	}

}
