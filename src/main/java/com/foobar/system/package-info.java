/** Site-wide web concerns: request ids, the page footer, error pages, shared beans. */
package com.foobar.system;
