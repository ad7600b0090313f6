package com.foobar.account;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.Valid;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.validation.BindingResult;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

@Controller
class SignupController {

	static final String VIEW = "account/signup";

	private final SignupService signups;

	SignupController(SignupService signups) {
		this.signups = signups;
	}

	@GetMapping("/signup")
	String form(Model model) {
		model.addAttribute("form", SignupForm.empty());
		return VIEW;
	}

	@PostMapping("/signup")
	String signUp(@Valid @ModelAttribute("form") SignupForm form, BindingResult result, RedirectAttributes redirect,
			HttpServletRequest request) {
		this.signups.validate(form, result);
		if (result.hasErrors()) {
			return VIEW;
		}
		SignupService.Result outcome = this.signups.signUp(form);
		if (outcome == SignupService.Result.TAKEN) {
			result.reject("signup.taken");
			return VIEW;
		}
		String handle = form.handle().trim().toLowerCase(java.util.Locale.ROOT);
		if (outcome == SignupService.Result.CREATED) {
			SecurityEvents.signedUp(request, handle);
		}
		else {
			SecurityEvents.signUpRefused(request);
		}
		redirect.addFlashAttribute("notice", "signup.done");
		redirect.addAttribute("handle", handle);
		return "redirect:/login";
	}

}
