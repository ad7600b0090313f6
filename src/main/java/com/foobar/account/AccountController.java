package com.foobar.account;

import java.security.Principal;
import java.util.List;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;
import jakarta.validation.Valid;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.validation.BindingResult;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The owner's account page: a password change, and the account's signed-in sessions, each of which can be ended;
 * both need the password again. A changed password ends every other session and gives this one a new id.
 */
@Controller
class AccountController {

	static final String VIEW = "account/settings";

	private final PasswordChange passwords;

	private final AccountSessions sessions;

	private final Reauthentication reauthentication;

	private final SecondFactor factor;

	AccountController(PasswordChange passwords, AccountSessions sessions, Reauthentication reauthentication,
			SecondFactor factor) {
		this.passwords = passwords;
		this.sessions = sessions;
		this.reauthentication = reauthentication;
		this.factor = factor;
	}

	@GetMapping("/account")
	String page(Model model, Principal viewer, HttpServletRequest request) {
		model.addAttribute("form", PasswordChangeForm.empty());
		return render(model, viewer, request);
	}

	@PostMapping("/account/password")
	String changePassword(@Valid @ModelAttribute("form") PasswordChangeForm form, BindingResult result, Model model,
			Principal viewer, HttpServletRequest request, RedirectAttributes redirect) {
		if (!this.passwords.change(viewer.getName(), form, result, request.getRemoteAddr())) {
			SecurityEvents.passwordChangeRefused(request, viewer.getName());
			return render(model, viewer, request);
		}
		// The others first: the store knows this session by its old id until the request ends.
		int ended = this.sessions.revokeOthers(viewer.getName(), request.getSession().getId());
		request.changeSessionId();
		SecurityEvents.passwordChanged(request, viewer.getName(), ended);
		redirect.addFlashAttribute("notice", "account.password.changed");
		return "redirect:/account";
	}

	/**
	 * Ends the sessions chosen by their references, or every other one, once the password is given again
	 * (ASVS 7.5.2).
	 */
	@PostMapping("/account/sessions/end")
	String endSessions(@RequestParam(name = "ref", defaultValue = "") List<String> refs,
			@RequestParam(defaultValue = "false") boolean everywhereElse,
			@RequestParam(defaultValue = "") String currentPassword, Model model, Principal viewer,
			HttpServletRequest request, RedirectAttributes redirect) {
		Reauthentication.Outcome proof = this.reauthentication.check(viewer.getName(), currentPassword,
				request.getRemoteAddr());
		if (proof != Reauthentication.Outcome.CONFIRMED) {
			model.addAttribute("form", PasswordChangeForm.empty());
			model.addAttribute("sessionsError", (proof == Reauthentication.Outcome.THROTTLED) ? "login.throttled"
					: "account.password.current.wrong");
			return render(model, viewer, request);
		}
		String handle = viewer.getName();
		int ended = everywhereElse ? this.sessions.revokeOthers(handle, request.getSession().getId())
				: (int) refs.stream().filter(ref -> this.sessions.revoke(handle, ref)).count();
		SecurityEvents.sessionsEnded(request, handle, ended);
		redirect.addFlashAttribute("notice", "account.sessions.ended");
		return "redirect:/account";
	}

	/**
	 * Turns the second factor on with the seed this page showed (kept in the session, never taken from the form),
	 * once the password is given again and a code of that seed proves the app has it.
	 */
	@PostMapping("/account/second-factor/on")
	String secondFactorOn(@RequestParam(defaultValue = "") String code,
			@RequestParam(defaultValue = "") String currentPassword, Model model, Principal viewer,
			HttpServletRequest request, RedirectAttributes redirect) {
		String error = reauthenticate(viewer, currentPassword, request);
		if (error == null && !(request.getSession().getAttribute(NEW_SEED) instanceof String seed
				&& this.factor.enable(viewer.getName(), seed, code))) {
			error = "account.factor.code.wrong";
		}
		return secondFactorChanged(error, true, model, viewer, request, redirect);
	}

	/** Turns it off, with the password and a current code. */
	@PostMapping("/account/second-factor/off")
	String secondFactorOff(@RequestParam(defaultValue = "") String code,
			@RequestParam(defaultValue = "") String currentPassword, Model model, Principal viewer,
			HttpServletRequest request, RedirectAttributes redirect) {
		String error = reauthenticate(viewer, currentPassword, request);
		if (error == null && !this.factor.accepts(viewer.getName(), code)) {
			error = "account.factor.code.wrong";
		}
		if (error == null) {
			this.factor.disable(viewer.getName());
		}
		return secondFactorChanged(error, false, model, viewer, request, redirect);
	}

	/** The message key of why the password was not accepted again, or null when it was. */
	private String reauthenticate(Principal viewer, String password, HttpServletRequest request) {
		return switch (this.reauthentication.check(viewer.getName(), password, request.getRemoteAddr())) {
			case CONFIRMED -> null;
			case THROTTLED -> "login.throttled";
			case WRONG -> "account.password.current.wrong";
		};
	}

	private String secondFactorChanged(String error, boolean enabled, Model model, Principal viewer,
			HttpServletRequest request, RedirectAttributes redirect) {
		if (error != null) {
			model.addAttribute("form", PasswordChangeForm.empty());
			model.addAttribute("factorError", error);
			return render(model, viewer, request);
		}
		request.getSession().removeAttribute(NEW_SEED);
		SecurityEvents.secondFactorChanged(request, viewer.getName(), enabled);
		redirect.addFlashAttribute("notice", enabled ? "account.factor.on" : "account.factor.off");
		return "redirect:/account";
	}

	/** The session attribute holding the seed offered on this page until the second factor is turned on. */
	static final String NEW_SEED = "foobar.second-factor.new-seed";

	private String render(Model model, Principal viewer, HttpServletRequest request) {
		HttpSession session = request.getSession();
		model.addAttribute("sessions", this.sessions.of(viewer.getName(), session.getId()));
		boolean enabled = this.factor.enabled(viewer.getName());
		model.addAttribute("factorEnabled", enabled);
		if (!enabled) {
			String seed;
			if (session.getAttribute(NEW_SEED) instanceof String offered) {
				seed = offered;
			}
			else {
				seed = Totp.newSecret();
				session.setAttribute(NEW_SEED, seed);
			}
			model.addAttribute("factorSeed", seed.replaceAll("(.{4})(?!$)", "$1 "));
			model.addAttribute("factorUri", Totp.uri("foobar", viewer.getName(), seed));
		}
		return VIEW;
	}

}
