package com.foobar.stack;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Map;

import com.foobar.support.Stack;
import com.foobar.support.TestStack;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A person in a real headless Chromium at https://www.foobar.com, trusting the local CA through the browser's own
 * certificate store: signs up, signs in, writes a post, finds it, signs out. Screenshots go to target/screenshots.
 */
class BrowserStackIT {

	private static final Path SCREENSHOTS = Path.of("target/screenshots");

	private static WebDriver browser;

	private static ChromeDriverService service;

	@BeforeAll
	static void startBrowser() throws Exception {
		Path home = Files.createTempDirectory(Path.of("target"), "browser-home");
		Path nss = Files.createDirectories(home.resolve(".pki/nssdb"));
		run("certutil", "-d", "sql:" + nss, "-N", "--empty-password");
		run("certutil", "-d", "sql:" + nss, "-A", "-t", "C,,", "-n", "foobar-local-ca", "-i",
				TestStack.env("FOOBAR_CA_CERT"));
		// chromedriver passes its environment on: with this HOME, Chromium reads the NSS store made above.
		service = new ChromeDriverService.Builder().usingDriverExecutable(new File("/usr/bin/chromedriver"))
			.withEnvironment(Map.of("HOME", home.toString()))
			.build();
		ChromeOptions options = new ChromeOptions().setBinary("/usr/bin/chromium")
			.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
					"--disable-background-networking", "--disable-component-update", "--disable-sync",
					"--no-first-run", "--user-data-dir=" + home.resolve("profile"),
					"--host-resolver-rules=MAP www.foobar.com 127.0.0.1, MAP * ~NOTFOUND");
		browser = new ChromeDriver(service, options);
		browser.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
		Files.createDirectories(SCREENSHOTS);
	}

	@AfterAll
	static void stopBrowser() {
		if (browser != null) {
			browser.quit();
		}
	}

	@Test
	void aVisitorSignsUpWritesAPostFindsItAndSignsOut() throws Exception {
		String site = Stack.url();
		String handle = "reader" + System.currentTimeMillis() % 100_000;
		String password = "correct horse battery staple";
		String title = "Hello from a real browser " + handle;

		browser.manage().window().setSize(new Dimension(390, 844));
		browser.get(site + "/");
		assertThat(browser.getTitle()).contains("foobar");
		screenshot("1-home-phone");

		browser.manage().window().setSize(new Dimension(1280, 900));
		browser.get(site + "/signup");
		type("handle", handle);
		type("email", handle + "@example.com");
		type("password", "short");
		type("confirmPassword", "short");
		submit();
		assertThat(text()).contains("A password has 12 to 128 characters.");
		screenshot("2-signup-errors");
		type("password", password);
		type("confirmPassword", password);
		submit();
		assertThat(text()).contains("Your account is ready.");

		type("password", password);
		submit();
		assertThat(text()).contains("Signed in as " + handle);
		screenshot("3-signed-in");

		clickAndWait(By.linkText("Write a post"));
		type("title", title);
		type("body", "Written in **Chromium**, through nginx, to one of three replicas.");
		submit();
		assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo(title);
		assertThat(browser.findElement(By.cssSelector(".post .body strong")).getText()).isEqualTo("Chromium");
		assertThat(text()).containsPattern("Served by app-\\d");
		screenshot("4-post");

		browser.get(site + "/");
		assertThat(browser.findElement(By.cssSelector(".posts")).getText()).contains(title);
		screenshot("5-home-with-post");

		clickAndWait(By.cssSelector("form[action='/logout'] button"));
		assertThat(text()).contains("You are signed out.").doesNotContain("Signed in as");
		screenshot("6-signed-out");
	}

	private static void type(String id, String value) {
		var field = browser.findElement(By.id(id));
		field.clear();
		field.sendKeys(value);
	}

	private static void submit() {
		clickAndWait(By.cssSelector("main form button[type=submit]"));
	}

	/**
	 * Clicks, then waits until the browser has left the page and loaded the next one in full (a click returns before
	 * the next page loads; an element found while it is still loading may be gone when it is clicked).
	 */
	private static void clickAndWait(By target) {
		WebElement page = browser.findElement(By.tagName("html"));
		browser.findElement(target).click();
		WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(20));
		wait.until(d -> gone(page));
		wait.until(d -> "complete".equals(((JavascriptExecutor) d).executeScript("return document.readyState")));
	}

	/**
	 * Whether the element's document has been left. Chromium answers a question about a node of a document it has
	 * left either as a stale element or, in a race with the navigation, as an "unknown error" saying the node does
	 * not belong to the document (seen in CI); both mean gone.
	 */
	private static boolean gone(WebElement element) {
		try {
			element.isEnabled();
			return false;
		}
		catch (StaleElementReferenceException ex) {
			return true;
		}
		catch (WebDriverException ex) {
			if (String.valueOf(ex.getMessage()).contains("does not belong to the document")) {
				return true;
			}
			throw ex;
		}
	}

	private static String text() {
		return browser.findElement(By.tagName("body")).getText();
	}

	private static void screenshot(String name) throws Exception {
		File shot = ((org.openqa.selenium.TakesScreenshot) browser).getScreenshotAs(OutputType.FILE);
		Files.copy(shot.toPath(), SCREENSHOTS.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
	}

	private static void run(String... command) throws Exception {
		Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
		String output = new String(process.getInputStream().readAllBytes());
		assertThat(process.waitFor()).as(String.join(" ", command) + "\n" + output).isZero();
	}

}
