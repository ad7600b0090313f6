/**
 * Read/write routing: writes to the primary, reads to the replica while it is healthy and caught up,
 * causal (read-your-writes) reads through GTIDs. Only {@link com.foobar.routing.RoutingInfo},
 * {@link com.foobar.routing.ReadSource} and {@link com.foobar.routing.ReadModel} are public; no feature touches
 * the rest.
 */
package com.foobar.routing;
