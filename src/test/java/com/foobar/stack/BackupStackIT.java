package com.foobar.stack;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;

import com.foobar.support.Stack;
import com.foobar.support.TestStack;
import com.foobar.support.Visitor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Backups with point-in-time recovery, drilled: a backup of the reader, posts through the site before and after a
 * moment, a restore to that moment into the scratch instance (the first post there, the second not), and a damaged
 * backup refused with the scratch instance left as it was. The scheduler's figures reach Prometheus.
 */
class BackupStackIT {

	private static final String CLIENT_ADDRESS = "127.0.0.6";

	private static final DateTimeFormatter MOMENT = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

	private static final DateTimeFormatter BACKUP_NAME = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'");

	private Path damaged;

	@Test
	void aRestoreToAMomentHoldsWhatWasWrittenBeforeItAndNothingAfterAndADamagedBackupIsRefused() throws Exception {
		String site = Stack.url();
		String handle = "backup_" + System.nanoTime() % 1_000_000;
		Visitor visitor = new Visitor(CLIENT_ADDRESS);
		visitor.signUpAndSignIn(site, site, handle, "backup-passphrase-42");
		assertThat(TestStack.ctl("db", "backup")).contains("of replica");

		write(visitor, site, "Before the moment, by " + handle);
		Thread.sleep(1100); // the binlog's clock counts whole seconds: the moment is a second after the first post
		String moment = LocalDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.SECONDS).format(MOMENT);
		Thread.sleep(1100);
		write(visitor, site, "After the moment, by " + handle);

		long start = System.nanoTime();
		assertThat(TestStack.ctl("db", "restore", "--to", moment)).contains("restored to " + moment);
		System.out.printf("BackupStackIT: restored to %s in %d ms%n", moment, (System.nanoTime() - start) / 1_000_000);
		String posts = "SELECT GROUP_CONCAT(title ORDER BY id) FROM " + TestStack.env("FOOBAR_DB_NAME")
				+ ".post WHERE title LIKE '%by " + handle + "'";
		assertThat(TestStack.sql("restore", posts)).isEqualTo("Before the moment, by " + handle);
		assertThat(TestStack.sql("primary", posts)).isEqualTo("Before the moment, by " + handle + ",After the moment, by "
				+ handle);

		// A copy of the newest backup, newer still, with one file cut short: found out, and nothing restored.
		Path full = Path.of(TestStack.env("FOOBAR_STATE_DIR"), "backups", "full");
		Path newest;
		try (var backups = Files.list(full)) {
			newest = backups.filter(p -> p.getFileName().toString().endsWith("Z")).sorted().toList().getLast();
		}
		LocalDateTime later = LocalDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.SECONDS);
		this.damaged = full.resolve(later.format(BACKUP_NAME));
		TestStack.run(List.of("cp", "-a", newest.toString(), this.damaged.toString()), true);
		try (var ibdata = Files.newByteChannel(this.damaged.resolve("ibdata1"), StandardOpenOption.WRITE)) {
			ibdata.truncate(ibdata.size() / 2);
		}
		String refused = TestStack.ctlFailing("db", "restore", "--to", later.plusSeconds(1).format(MOMENT));
		assertThat(refused).contains("corrupt or truncated", "ibdata1", "nothing restored");
		Files.delete(this.damaged.resolve("SHA256SUMS"));
		assertThat(TestStack.ctlFailing("db", "restore", "--to", later.plusSeconds(1).format(MOMENT)))
			.contains("no SHA256SUMS", "nothing restored");
		assertThat(TestStack.sql("restore", posts)).as("the scratch instance as the first restore left it")
			.isEqualTo("Before the moment, by " + handle);

		await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(3)).untilAsserted(() -> {
			JsonNode age = Stack.prometheus("time() - foobar_backup_last_success_timestamp_seconds");
			assertThat(age).as("the newest backup's age in Prometheus").hasSize(1);
			assertThat(age.get(0).path("value").get(1).asDouble()).isLessThan(600);
			assertThat(Stack.prometheus("foobar_binlog_archive_behind_bytes")).as("one series per node").hasSize(2);
		});
	}

	@AfterEach
	void cleanUp() throws IOException {
		TestStack.ctl("db", "stop", "restore");
		if (this.damaged != null) {
			TestStack.run(List.of("rm", "-rf", this.damaged.toString()), true);
		}
	}

	private static void write(Visitor visitor, String site, String title) {
		HttpResponse<String> created = visitor.submit(site + "/posts/new", site + "/posts/new", "title", title, "body",
				"Written before or after the moment of a restore.", "format", "PLAIN");
		assertThat(created.statusCode()).as(created.body()).isEqualTo(302);
	}

}
