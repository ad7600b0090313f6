package com.foobar.stack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.stream.Stream;

import com.foobar.support.Stack;
import com.foobar.support.TestStack;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every program's log reaches the collector (logs/), which keeps it where none of the programs that write logs can
 * change it, and nothing is lost while the collector is away.
 */
class LogShippingStackIT {

	private static final Path STORE = Path.of(TestStack.env("FOOBAR_STATE_DIR"), "logstore");

	@Test
	void aRequestsLogLineReachesTheCollectorsStoreWhichOnlyTheCollectorsUserCanChange() throws Exception {
		String marker = visit();
		assertThat(waitForLine("nginx.log", marker, Duration.ofSeconds(20))).as("shipped within 20 s").isTrue();
		assertThat(Files.getOwner(STORE).getName()).isEqualTo("foobar-logs");
		assertThat(Files.getPosixFilePermissions(STORE)).containsOnly(PosixFilePermission.OWNER_READ,
				PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_EXECUTE);
		try (Stream<Path> files = Files.walk(STORE)) {
			assertThat(files.toList()).allSatisfy(path -> assertThat(Files.getOwner(path).getName()).isEqualTo("foobar-logs"));
		}
	}

	@Test
	void linesWrittenWhileTheCollectorIsAwayArriveWhenItIsBack() throws Exception {
		Stack.supervisorctl("stop", "log-collector");
		String marker;
		try {
			marker = visit();
			assertThat(waitForLine("nginx.log", marker, Duration.ofSeconds(3))).as("not shipped while away").isFalse();
		}
		finally {
			Stack.supervisorctl("start", "log-collector");
		}
		assertThat(waitForLine("nginx.log", marker, Duration.ofSeconds(30))).as("shipped once back").isTrue();
	}

	/** A page view with an address of its own, which nginx's access log records. */
	private static String visit() throws IOException, InterruptedException {
		String marker = "shipped-" + UUID.randomUUID();
		assertThat(Stack.get(Stack.url() + "/?" + marker).statusCode()).isEqualTo(200);
		return marker;
	}

	/** Whether a FILE of one of the store's days holds TEXT, within the time given. */
	private static boolean waitForLine(String file, String text, Duration within) throws Exception {
		Instant end = Instant.now().plus(within);
		do {
			try (Stream<Path> days = Files.list(STORE)) {
				for (Path path : days.map(day -> day.resolve(file)).filter(Files::exists).toList()) {
					if (Files.readString(path).contains(text)) {
						return true;
					}
				}
			}
			Thread.sleep(250);
		}
		while (Instant.now().isBefore(end));
		return false;
	}

}
