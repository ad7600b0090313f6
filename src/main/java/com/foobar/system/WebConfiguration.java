package com.foobar.system;

import java.time.Clock;

import com.foobar.routing.RoutingInfo;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.DispatcherServlet;
import org.springframework.web.servlet.FlashMapManager;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

@Configuration(proxyBeanMethods = false)
class WebConfiguration implements WebMvcConfigurer {

	private final String instance;

	private final RoutingInfo routing;

	WebConfiguration(@Value("${foobar.instance}") String instance, RoutingInfo routing) {
		this.instance = instance;
		this.routing = routing;
	}

	@Override
	public void addInterceptors(InterceptorRegistry registry) {
		registry.addInterceptor(new PageInterceptor(this.instance, this.routing));
	}

	/** The DispatcherServlet takes the bean of this name for its flash attributes. */
	@Bean(name = DispatcherServlet.FLASH_MAP_MANAGER_BEAN_NAME)
	FlashMapManager flashMapManager() {
		return new BoundedFlashMaps();
	}

	@Bean
	Clock clock() {
		return Clock.systemUTC();
	}

}
