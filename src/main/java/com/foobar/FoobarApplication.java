package com.foobar;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

@SpringBootApplication
public class FoobarApplication {

	public static void main(String[] args) {
		SpringApplication.run(FoobarApplication.class, args);
	}

}
