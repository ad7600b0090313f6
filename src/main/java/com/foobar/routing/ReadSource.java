package com.foobar.routing;

/** Where a read-only transaction's data came from. */
public enum ReadSource {
	REPLICA, PRIMARY
}
