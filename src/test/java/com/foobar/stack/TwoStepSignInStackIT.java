package com.foobar.stack;

import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.foobar.support.Stack;
import com.foobar.support.TestStack;
import com.foobar.support.Visitor;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The optional second factor through the real site, with codes made here as an authenticator app makes them
 * (RFC 6238, written again in this test, not taken from the app): turned on with the key the account page shows,
 * then a sign-in needs the password and a code, a wrong code is refused, and a code is good once.
 */
class TwoStepSignInStackIT {

	private static final Pattern SEED = Pattern.compile("class=\"factor-seed\">([A-Z2-7 ]+)<");

	private final String site = Stack.url();

	@Test
	void aSignInWithTheSecondFactorOnNeedsTheCodeAndACodeIsGoodOnce() throws Exception {
		String handle = "twostep_" + System.nanoTime() % 1_000_000;
		String password = "a password and a phone";
		Visitor owner = new Visitor("127.0.0.15");
		owner.signUpAndSignIn(this.site, this.site, handle, password);
		Matcher seed = SEED.matcher(owner.get(this.site + "/account").body());
		assertThat(seed.find()).as("the account page offers a key").isTrue();
		byte[] key = base32(seed.group(1).replace(" ", ""));

		HttpResponse<String> on = owner.post(this.site + "/account/second-factor/on", "code", code(key, 0),
				"currentPassword", password);
		assertThat(Visitor.location(on)).endsWith("/account");
		assertThat(owner.get(this.site + "/account").body()).contains("Two-step sign-in is on");

		// The step whose code turned it on is used: sign in with the next one.
		long next = Instant.now().getEpochSecond() / 30 + 1;
		Thread.sleep(Math.max(0, next * 30_000 - System.currentTimeMillis()) + 200);

		Visitor phone = new Visitor("127.0.0.16");
		HttpResponse<String> passwordStep = phone.submit(this.site + "/login", this.site + "/login", "username", handle,
				"password", password);
		assertThat(Visitor.location(passwordStep)).endsWith("/login/code");
		assertThat(phone.get(this.site + "/posts/new").statusCode()).as("not signed in after the password alone")
			.isEqualTo(302);
		phone.get(this.site + "/login/code");
		String right = code(key, 0);
		String wrong = right.equals("000000") ? "000001" : "000000";
		assertThat(phone.post(this.site + "/login/code", "code", wrong).body()).contains("That code is not right");
		HttpResponse<String> signedIn = phone.post(this.site + "/login/code", "code", right);
		assertThat(signedIn.statusCode()).isEqualTo(302);
		assertThat(Visitor.location(signedIn)).doesNotContain("/login");
		assertThat(phone.get(this.site + "/posts/new").statusCode()).isEqualTo(200);

		Visitor replay = new Visitor("127.0.0.17");
		replay.submit(this.site + "/login", this.site + "/login", "username", handle, "password", password);
		replay.get(this.site + "/login/code");
		assertThat(replay.post(this.site + "/login/code", "code", right).body()).as("the same code again")
			.contains("That code is not right, or was used already");
		assertThat(replay.get(this.site + "/posts/new").statusCode()).isEqualTo(302);

		// A reset of a forgotten password does not bypass the second factor...
		Visitor forgetful = new Visitor("127.0.0.35");
		String fresh = "a reset that keeps the phone";
		forgetful.resetPassword(this.site, handle, TestStack.ctl("accounts", "reset", handle), fresh);
		assertThat(Visitor.location(forgetful.submit(this.site + "/login", this.site + "/login", "username", handle,
				"password", fresh))).endsWith("/login/code");
		// ...unless the operator's reset was for a lost authenticator too.
		Visitor phoneLost = new Visitor("127.0.0.36");
		String newest = "a reset for a lost phone";
		phoneLost.resetPassword(this.site, handle, TestStack.ctl("accounts", "reset", handle, "--second-factor"), newest);
		phoneLost.signIn(this.site, handle, newest);
		assertThat(phoneLost.get(this.site + "/posts/new").statusCode()).isEqualTo(200);
	}

	/** The code of the step {@code offset} steps from now. */
	private static String code(byte[] key, int offset) throws Exception {
		long step = Instant.now().getEpochSecond() / 30 + offset;
		Mac mac = Mac.getInstance("HmacSHA1");
		mac.init(new SecretKeySpec(key, "HmacSHA1"));
		byte[] hash = mac.doFinal(ByteBuffer.allocate(8).putLong(step).array());
		int at = hash[19] & 0xf;
		int value = ((hash[at] & 0x7f) << 24 | (hash[at + 1] & 0xff) << 16 | (hash[at + 2] & 0xff) << 8
				| (hash[at + 3] & 0xff)) % 1_000_000;
		return "%06d".formatted(value);
	}

	private static byte[] base32(String text) {
		ByteBuffer out = ByteBuffer.allocate(text.length() * 5 / 8);
		long buffer = 0;
		int bits = 0;
		for (char c : text.toCharArray()) {
			buffer = buffer << 5 | "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567".indexOf(c);
			bits += 5;
			if (bits >= 8) {
				out.put((byte) (buffer >> (bits - 8)));
				bits -= 8;
			}
		}
		return out.array();
	}

}
