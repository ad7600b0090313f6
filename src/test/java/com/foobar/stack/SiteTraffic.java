package com.foobar.stack;

import java.net.URI;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import com.foobar.support.Stack;
import com.foobar.support.Visitor;

/**
 * Two steady streams through the site while a test breaks something: a signed-in visitor posting one post after
 * another, and anonymous GETs, each of a distinct address (a cached page would reach no replica). Every answer is
 * kept: which posts were acknowledged, and for how long writes failed.
 */
final class SiteTraffic implements AutoCloseable {

	/** One post attempt: its title, when it started and ended (System.nanoTime), and whether the site took it. */
	record Write(String title, long start, long end, boolean acknowledged) {
	}

	private final List<Write> writes = new CopyOnWriteArrayList<>();

	private final AtomicInteger reads = new AtomicInteger();

	private final List<String> failedReads = new CopyOnWriteArrayList<>();

	private final AtomicBoolean stop = new AtomicBoolean();

	private final ExecutorService threads = Executors.newFixedThreadPool(2);

	private final List<Future<?>> streams;

	SiteTraffic(Visitor writer, String name) {
		String site = Stack.url();
		this.streams = List.of(this.threads.submit(() -> {
			for (int n = 0; !this.stop.get(); n++) {
				String title = name + " post " + n;
				long start = System.nanoTime();
				boolean acknowledged;
				try {
					HttpResponse<String> created = writer.post(site + "/posts/new", "title", title, "body",
							"Written during a drill.", "format", "PLAIN");
					acknowledged = created.statusCode() == 302
							&& URI.create(Visitor.location(created)).getPath().matches("/posts/\\d+");
				}
				catch (RuntimeException ex) {
					acknowledged = false;
				}
				this.writes.add(new Write(title, start, System.nanoTime(), acknowledged));
			}
		}), this.threads.submit(() -> {
			for (int n = 0; !this.stop.get(); n++) {
				String url = site + "/?" + name.replace(' ', '-') + "=" + n;
				try {
					HttpResponse<String> page = Stack.get(url);
					if (page.statusCode() != 200) {
						this.failedReads.add(url + ": " + page.statusCode());
					}
				}
				catch (Exception ex) {
					this.failedReads.add(url + ": " + ex);
				}
				this.reads.incrementAndGet();
			}
			return null;
		}));
	}

	/** Blocks until the writer's stream has had n more acknowledged posts; fails after a minute without them. */
	void awaitAcknowledged(int n) throws InterruptedException {
		long target = acknowledged().size() + n;
		long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.MINUTES.toNanos(1);
		while (acknowledged().size() < target) {
			if (System.nanoTime() > deadline) {
				throw new AssertionError("no " + n + " acknowledged posts in a minute; last writes: "
						+ this.writes.subList(Math.max(0, this.writes.size() - 3), this.writes.size()));
			}
			Thread.sleep(50);
		}
	}

	List<String> acknowledged() {
		return this.writes.stream().filter(Write::acknowledged).map(Write::title).toList();
	}

	List<Write> writes() {
		return List.copyOf(this.writes);
	}

	int reads() {
		return this.reads.get();
	}

	List<String> failedReads() {
		return List.copyOf(this.failedReads);
	}

	/** From the start of the first failed write to the end of the last one, in milliseconds; 0 if none failed. */
	long writeOutageMillis() {
		List<Write> failed = this.writes.stream().filter(w -> !w.acknowledged()).toList();
		return failed.isEmpty() ? 0 : (failed.getLast().end() - failed.getFirst().start()) / 1_000_000;
	}

	@Override
	public void close() throws Exception {
		this.stop.set(true);
		for (Future<?> stream : this.streams) {
			stream.get();
		}
		this.threads.close();
	}

}
