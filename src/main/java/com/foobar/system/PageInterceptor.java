package com.foobar.system;

import java.security.Principal;

import com.foobar.routing.ReadSource;
import com.foobar.routing.RoutingInfo;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.ModelAndView;

/**
 * What every page's header and footer show: who is signed in ({@code viewer}, null for anonymous readers; one
 * lookup instead of a Spring Security expression per test in the template), the app instance that served the
 * page (its name, never an address) and where its data came from. Runs after the handler, when the read has
 * happened.
 */
class PageInterceptor implements HandlerInterceptor {

	private final String instance;

	private final RoutingInfo routing;

	PageInterceptor(String instance, RoutingInfo routing) {
		this.instance = instance;
		this.routing = routing;
	}

	@Override
	public void postHandle(HttpServletRequest request, HttpServletResponse response, Object handler,
			ModelAndView modelAndView) {
		if (modelAndView == null || modelAndView.getViewName() == null
				|| modelAndView.getViewName().startsWith("redirect:")) {
			return;
		}
		Principal viewer = request.getUserPrincipal();
		modelAndView.addObject("viewer", (viewer != null) ? viewer.getName() : null);
		modelAndView.addObject("servedBy", this.instance);
		this.routing.lastReadSource()
			.map(ReadSource::name)
			.ifPresent(source -> modelAndView.addObject("readSource", source.toLowerCase()));
	}

}
