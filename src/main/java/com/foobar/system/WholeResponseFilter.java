package com.foobar.system;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * A page leaves the replica in one piece, its headers with it: Tomcat's 8 KB buffer sent a list page's headers and
 * first part before the rest was rendered, so a replica that died in between left nginx a response it had begun
 * and could not retry elsewhere (ResilienceStackIT: one GET of 500 cut off). Whole, a response either reaches
 * nginx or never starts, and nginx sends a GET that got nothing to another replica. Pages are 2-20 KB.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
class WholeResponseFilter extends OncePerRequestFilter {

	static final int BUFFER = 64 * 1024;

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		response.setBufferSize(BUFFER);
		chain.doFilter(request, response);
	}

}
