package com.foobar.stack;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.foobar.support.Stack;
import com.foobar.support.Visitor;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The edge's micro-cache of anonymous pages, and the static files nginx serves itself. */
class EdgeCacheStackIT {

	private static final Pattern SERVED_BY = Pattern.compile("Served by (app-\\d)");

	private static final Pattern STYLESHEET = Pattern.compile("href=\"(/assets/css/site-[0-9a-f]{32}\\.css)\"");

	@Test
	void anAnonymousPageAskedAgainIsServedFromTheCacheStillNamingItsReplica() throws Exception {
		String page = Stack.url() + "/?cache=" + UUID.randomUUID();
		HttpResponse<String> first = Stack.get(page);
		HttpResponse<String> second = Stack.get(page);
		HttpResponse<String> third = Stack.get(page);
		// An address asked once is not written to the cache (proxy_cache_min_uses); the second answer is kept.
		assertThat(first.headers().firstValue("X-Cache-Status")).hasValue("MISS");
		assertThat(second.headers().firstValue("X-Cache-Status")).hasValue("MISS");
		assertThat(third.headers().firstValue("X-Cache-Status")).hasValue("HIT");
		assertThat(third.body()).isEqualTo(second.body());
		assertThat(SERVED_BY.matcher(third.body()).find()).isTrue();
		// The edge keeps the copy; browsers are still told not to.
		assertThat(third.headers().firstValue("Cache-Control")).hasValueSatisfying(v -> assertThat(v).contains("no-store"));
		assertThat(third.headers().firstValue("Strict-Transport-Security")).isPresent();
		assertThat(third.headers().allValues("Set-Cookie")).isEmpty();
	}

	@Test
	void aSignedInAuthorNeverGetsNorLeavesACachedPageAndReadsTheirOwnPostAtOnce() throws Exception {
		String site = Stack.url();
		String handle = "cache_" + UUID.randomUUID().toString().substring(0, 8);
		Visitor author = new Visitor("127.0.0.5");
		author.signUpAndSignIn(site, site, handle, "correct horse battery staple");
		// Anonymous readers warm the cache of the home page first (kept from the second request on).
		Stack.get(site + "/");
		Stack.get(site + "/");
		String title = "Fresh " + UUID.randomUUID();
		HttpResponse<String> published = author.submit(site + "/posts/new", site + "/posts/new", "title", title, "body",
				"Read your writes", "format", "PLAIN");
		assertThat(published.statusCode()).isEqualTo(302);
		HttpResponse<String> home = author.get(site + "/");
		assertThat(home.headers().firstValue("X-Cache-Status")).hasValue("BYPASS");
		assertThat(home.body()).contains(title).contains("Signed in as " + handle);

		// What the author saw is not kept for anyone else: the same address, anonymously, is a fresh render.
		String page = site + "/?private=" + UUID.randomUUID();
		assertThat(author.get(page).headers().firstValue("X-Cache-Status")).hasValue("BYPASS");
		HttpResponse<String> anonymous = Stack.get(page);
		assertThat(anonymous.headers().firstValue("X-Cache-Status")).hasValue("MISS");
		assertThat(anonymous.body()).doesNotContain("Signed in as");
	}

	@Test
	void theStylesheetComesFromNginxUnderItsFingerprintedNameWithALongLifetime() throws Exception {
		Matcher link = STYLESHEET.matcher(Stack.get(Stack.url() + "/?css=" + UUID.randomUUID()).body());
		assertThat(link.find()).as("the page links to a fingerprinted stylesheet").isTrue();
		HttpResponse<String> css = Stack.get(Stack.url() + link.group(1));
		assertThat(css.statusCode()).isEqualTo(200);
		assertThat(css.body()).isEqualTo(Files.readString(Path.of("src/main/resources/static/css/site.css")));
		// "immutable" is the edge's own header: the app's static handler never sends it.
		assertThat(css.headers().firstValue("Cache-Control")).hasValue("public, max-age=31536000, immutable");
		assertThat(css.headers().firstValue("Content-Security-Policy")).isPresent();
		assertThat(css.headers().firstValue("Content-Type")).hasValue("text/css; charset=utf-8");
		assertThat(css.headers().firstValue("X-Cache-Status")).isEmpty();
	}

}
