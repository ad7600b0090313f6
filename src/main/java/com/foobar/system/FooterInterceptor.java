package com.foobar.system;

import com.foobar.routing.ReadSource;
import com.foobar.routing.RoutingInfo;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.ModelAndView;

/**
 * Gives every page's footer the app instance that served it (its name, never an address) and where its data
 * came from. Runs after the handler, when the read has happened.
 */
class FooterInterceptor implements HandlerInterceptor {

	private final String instance;

	private final RoutingInfo routing;

	FooterInterceptor(String instance, RoutingInfo routing) {
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
		modelAndView.addObject("servedBy", this.instance);
		this.routing.lastReadSource()
			.map(ReadSource::name)
			.ifPresent(source -> modelAndView.addObject("readSource", source.toLowerCase()));
	}

}
