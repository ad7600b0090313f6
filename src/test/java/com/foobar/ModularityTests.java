package com.foobar;

import org.junit.jupiter.api.Test;

import org.springframework.modulith.core.ApplicationModules;

/** Each top-level package is a module; only their public types cross module borders, and there are no cycles. */
class ModularityTests {

	@Test
	void modulesRespectTheirBoundaries() {
		ApplicationModules.of(FoobarApplication.class).verify();
	}

}
