package com.foobar.routing;

import java.util.Optional;

/** What the routing decided for the current request, for the page footer. */
public interface RoutingInfo {

	/** The source of the last read-only transaction of this request, if any ran. */
	Optional<ReadSource> lastReadSource();

}
