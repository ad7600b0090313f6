package com.foobar.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A gray failure of one database node of the test stack: frozen (SIGSTOP: it keeps its connections and answers
 * nothing) or black-holed (every packet to its port dropped by an nftables table of the test's own, on loopback).
 */
public record DatabaseFault(String name, List<String> start, List<String> stop) {

	/** The node's mariadbd frozen; node is "writer" or "reader", whichever bin/foobar's nodes play them now. */
	public static DatabaseFault frozen(String node) {
		String pid = pid(node);
		return new DatabaseFault("frozen", List.of("kill", "-STOP", pid), List.of("kill", "-CONT", pid));
	}

	/** Packets to the port of hostPort (as the app reaches the node) dropped. */
	public static DatabaseFault blackHoled(String hostPort) {
		String port = hostPort.replaceAll(".*:", "");
		String table = "foobar_it_blackhole_" + port;
		return new DatabaseFault("black-holed", List.of("nft", "add table inet " + table
				+ " { chain input { type filter hook input priority -10; iif lo tcp dport " + port + " drop; }; }"),
				List.of("nft", "delete table inet " + table));
	}

	public void begin() {
		TestStack.run(this.start, true);
	}

	public void end() {
		TestStack.run(this.stop, true);
	}

	/** The mariadbd bin/foobar started for the writer or the reader (after a promotion the writer is "replica"). */
	public static String pid(String node) {
		Path db = Path.of(TestStack.env("FOOBAR_STATE_DIR"), "db");
		try {
			Path marker = db.resolve("writer");
			String writer = Files.exists(marker) ? Files.readString(marker).strip() : "primary";
			String name = node.equals("writer") ? writer : (writer.equals("primary") ? "replica" : "primary");
			return Files.readString(db.resolve(name).resolve("foobar.pid")).strip();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
