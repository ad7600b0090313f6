package com.foobar.post;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * How pages show a date. Formatted in Java, once per item: the template expression it replaces
 * ({@code #temporals.format(...) + ' UTC'}) made Thymeleaf try, and fail with an exception, to add numbers.
 */
final class Published {

	private static final DateTimeFormatter FORMAT = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'")
		.withZone(ZoneOffset.UTC);

	private Published() {
	}

	static String format(Instant instant) {
		return FORMAT.format(instant);
	}

}
