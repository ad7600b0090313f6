package com.foobar.stack;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.foobar.support.Stack;
import com.foobar.support.TestStack;
import com.foobar.support.Visitor;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The owner's account page through the real site and session store: every signed-in browser listed, one signed out
 * from another, and a password change that ends every other session, keeps this one, and makes the old password
 * fail; and the operator ending an account's sessions, or everyone's.
 */
class AccountStackIT {

	private static final Pattern SESSION = Pattern.compile("class=\"session\" data-ref=\"([0-9a-f]{16})\"");

	private final String site = Stack.url();

	@Test
	void theOwnerSeesEachSignedInBrowserAndSignsOneOut() {
		String handle = "sessions_" + System.nanoTime() % 1_000_000;
		String password = "two browsers, one owner";
		Visitor laptop = new Visitor("127.0.0.13");
		laptop.signUpAndSignIn(this.site, this.site, handle, password);
		Visitor phone = new Visitor("127.0.0.13");
		phone.signIn(this.site, handle, password);

		HttpResponse<String> page = laptop.get(this.site + "/account");
		assertThat(page.statusCode()).isEqualTo(200);
		List<String> refs = refs(page.body());
		assertThat(refs).hasSize(2);
		assertThat(page.body()).contains("(this browser)").doesNotContain("__Host-foobar_session");
		assertThat(signedIn(phone)).isTrue();

		// The laptop ends the session that is not its own.
		String other = refs.stream().filter(ref -> !current(page.body(), ref)).findFirst().orElseThrow();
		HttpResponse<String> refused = laptop.post(this.site + "/account/sessions/end", "ref", other, "currentPassword",
				"not the password");
		assertThat(refused.body()).contains("That is not your current password.");
		assertThat(signedIn(phone)).as("nothing ended without the password").isTrue();
		HttpResponse<String> ended = laptop.post(this.site + "/account/sessions/end", "ref", other, "currentPassword",
				password);
		assertThat(Visitor.location(ended)).endsWith("/account");
		assertThat(signedIn(phone)).as("the phone, signed out from the laptop").isFalse();
		assertThat(signedIn(laptop)).isTrue();
		assertThat(refs(laptop.get(this.site + "/account").body())).hasSize(1).doesNotContain(other);
	}

	@Test
	void aNewPasswordEndsEveryOtherSessionAndTheOldOneNoLongerSignsIn() {
		String handle = "newpass_" + System.nanoTime() % 1_000_000;
		String old = "the first passphrase";
		String fresh = "a second, better passphrase";
		Visitor owner = new Visitor("127.0.0.14");
		owner.signUpAndSignIn(this.site, this.site, handle, old);
		Visitor forgotten = new Visitor("127.0.0.14");
		forgotten.signIn(this.site, handle, old);

		HttpResponse<String> wrong = owner.submit(this.site + "/account", this.site + "/account/password",
				"currentPassword", "not the password at all", "password", fresh, "confirmPassword", fresh);
		assertThat(wrong.statusCode()).isEqualTo(200);
		assertThat(wrong.body()).contains("That is not your current password.");
		assertThat(signedIn(forgotten)).as("nothing changed by a refused change").isTrue();

		HttpResponse<String> changed = owner.submit(this.site + "/account", this.site + "/account/password",
				"currentPassword", old, "password", fresh, "confirmPassword", fresh);
		assertThat(Visitor.location(changed)).endsWith("/account");
		assertThat(signedIn(owner)).as("the owner's own session, under a new id").isTrue();
		assertThat(signedIn(forgotten)).as("every other session").isFalse();

		HttpResponse<String> oldPassword = new Visitor("127.0.0.14").submit(this.site + "/login", this.site + "/login",
				"username", handle, "password", old);
		assertThat(Visitor.location(oldPassword)).endsWith("/login?error");
		new Visitor("127.0.0.14").signIn(this.site, handle, fresh);
	}

	/**
	 * An anonymous visitor who opens the forms leaves no session behind (a row on the writer each, before): the CSRF
	 * token and the page to come back to are cookies of the visitor's own, and signing in still works with them.
	 */
	@Test
	void anonymousVisitorsOpeningFormsGetNoSession() {
		String sessions = "SELECT COUNT(*) FROM " + TestStack.env("FOOBAR_DB_NAME") + ".SPRING_SESSION";
		String before = TestStack.sql("primary", sessions);
		Visitor stranger = new Visitor("127.0.0.18");
		List<String> cookies = new java.util.ArrayList<>();
		for (String page : List.of("/login", "/signup", "/posts/new", "/account")) {
			HttpResponse<String> response = stranger.get(this.site + page);
			assertThat(response.headers().allValues("Set-Cookie")).as(page)
				.noneMatch(cookie -> cookie.startsWith("__Host-foobar_session="));
			cookies.addAll(response.headers().allValues("Set-Cookie"));
		}
		assertThat(cookies).as("the CSRF token's cookie, set once")
			.satisfiesOnlyOnce(cookie -> assertThat(cookie).matches("__Host-foobar_csrf=[A-Za-z0-9_-]{32};.*")
				.contains("; Path=/", "; Secure", "; HttpOnly", "; SameSite=Lax")
				.doesNotContain("Domain="));
		assertThat(TestStack.sql("primary", sessions)).isEqualTo(before);

		String handle = "cookies_" + System.nanoTime() % 1_000_000;
		stranger.signUp(this.site, handle, "a cookie jar and no session");
		stranger.get(this.site + "/posts/new"); // asks to sign in, and remembers where to come back to
		HttpResponse<String> signIn = stranger.submit(this.site + "/login", this.site + "/login", "username", handle,
				"password", "a cookie jar and no session");
		assertThat(Visitor.location(signIn)).contains("/posts/new");
		assertThat(signedIn(stranger)).isTrue();
	}

	@Test
	void theOperatorEndsOneAccountsSessionsOrEveryones() {
		String suffix = "_" + System.nanoTime() % 1_000_000;
		Visitor alice = new Visitor("127.0.0.31");
		alice.signUpAndSignIn(this.site, this.site, "ops_a" + suffix, "the operator's first reader");
		Visitor bob = new Visitor("127.0.0.32");
		bob.signUpAndSignIn(this.site, this.site, "ops_b" + suffix, "the operator's second reader");

		assertThat(TestStack.ctl("sessions", "end", "OPS_A" + suffix)).contains("ended 1 session");
		assertThat(signedIn(alice)).as("the account named, in any case").isFalse();
		assertThat(signedIn(bob)).isTrue();
		assertThat(TestStack.ctlFailing("sessions", "end", "x' OR '1'='1")).contains("a handle is");
		assertThat(signedIn(bob)).as("nothing ended by a refused name").isTrue();

		// Back to the page that asked her to sign in (the request cache), signed in again.
		alice.submit(this.site + "/login", this.site + "/login", "username", "ops_a" + suffix, "password",
				"the operator's first reader");
		assertThat(signedIn(alice)).isTrue();
		TestStack.ctl("sessions", "end", "--all");
		assertThat(signedIn(alice)).isFalse();
		assertThat(signedIn(bob)).isFalse();
	}

	@Test
	void aForgottenPasswordIsResetOnceWithTheOperatorsCodeAndEveryOtherSessionEnds() {
		String handle = "reset_" + System.nanoTime() % 1_000_000;
		Visitor owner = new Visitor("127.0.0.33");
		owner.signUpAndSignIn(this.site, this.site, handle, "a password soon forgotten");
		String operator = TestStack.ctl("accounts", "reset", handle);
		assertThat(operator).contains("give it only to the owner, at " + handle + "@example.com")
			.containsPattern("(?m)^[A-Za-z0-9_-]{32}$");

		Visitor forgetful = new Visitor("127.0.0.34");
		String fresh = "a fresh and long passphrase";
		assertThat(forgetful.resetPassword(this.site, handle, "A".repeat(32), fresh).body())
			.as("a wrong code").contains("That reset code is not valid");
		assertThat(signedIn(owner)).as("nothing changed by a wrong code").isTrue();
		assertThat(Visitor.location(forgetful.resetPassword(this.site, handle, operator, fresh))).contains("/login");
		assertThat(signedIn(owner)).as("every session of the account ended").isFalse();
		assertThat(forgetful.resetPassword(this.site, handle, operator, "yet another passphrase").body())
			.as("the code, spent").contains("That reset code is not valid");
		forgetful.signIn(this.site, handle, fresh);
		assertThat(signedIn(forgetful)).isTrue();
		assertThat(TestStack.ctlFailing("accounts", "reset", "x' OR '1'='1")).contains("a handle is");
	}

	/** A page that needs an account answers it, rather than sending to the sign-in page. */
	private boolean signedIn(Visitor visitor) {
		return visitor.get(this.site + "/posts/new").statusCode() == 200;
	}

	private static List<String> refs(String body) {
		Matcher matcher = SESSION.matcher(body);
		return matcher.results().map(m -> m.group(1)).toList();
	}

	/** Whether the entry of {@code ref} is marked as the viewer's own browser. */
	private static boolean current(String body, String ref) {
		int start = body.indexOf("data-ref=\"" + ref + "\"");
		int end = body.indexOf("</li>", start);
		return body.substring(start, end).contains("(this browser)");
	}

}
