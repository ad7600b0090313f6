package com.foobar.post;

import java.security.Principal;

import jakarta.validation.Valid;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.validation.BindingResult;
import org.springframework.web.bind.WebDataBinder;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.InitBinder;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

@Controller
class PostController {

	static final String LIST = "posts/list";

	static final String SHOW = "posts/show";

	static final String FORM = "posts/form";

	private final PostService posts;

	PostController(PostService posts) {
		this.posts = posts;
	}

	@InitBinder
	void allowedFields(WebDataBinder binder) {
		binder.setAllowedFields("title", "body", "format");
	}

	@ModelAttribute("formats")
	PostFormat[] formats() {
		return PostFormat.values();
	}

	@GetMapping("/")
	String home(@RequestParam(defaultValue = "0") int page, Model model) {
		model.addAttribute("posts", this.posts.latest(page));
		return LIST;
	}

	@GetMapping("/authors/{handle}")
	String author(@PathVariable String handle, @RequestParam(defaultValue = "0") int page, Model model) {
		model.addAttribute("posts", this.posts.byAuthor(handle, page));
		model.addAttribute("author", handle.toLowerCase(java.util.Locale.ROOT));
		return LIST;
	}

	@GetMapping("/posts/{id}")
	String show(@PathVariable long id, Principal principal, Model model) {
		PostView post = this.posts.show(id);
		model.addAttribute("post", post);
		model.addAttribute("mine", principal != null && principal.getName().equals(post.author()));
		return SHOW;
	}

	@GetMapping("/posts/new")
	String newForm(Model model) {
		model.addAttribute("form", PostForm.empty());
		return FORM;
	}

	@PostMapping("/posts/new")
	String create(@Valid @ModelAttribute("form") PostForm form, BindingResult result, Principal principal,
			RedirectAttributes redirect) {
		if (result.hasErrors()) {
			return FORM;
		}
		long id = this.posts.create(principal.getName(), form);
		redirect.addFlashAttribute("notice", "post.published");
		return "redirect:/posts/" + id;
	}

	@GetMapping("/posts/{id}/edit")
	String editForm(@PathVariable long id, Principal principal, Model model) {
		model.addAttribute("form", this.posts.editForm(id, principal.getName()));
		model.addAttribute("postId", id);
		return FORM;
	}

	@PostMapping("/posts/{id}/edit")
	String update(@PathVariable long id, @Valid @ModelAttribute("form") PostForm form, BindingResult result,
			Principal principal, Model model, RedirectAttributes redirect) {
		if (result.hasErrors()) {
			model.addAttribute("postId", id);
			return FORM;
		}
		this.posts.update(id, principal.getName(), form);
		redirect.addFlashAttribute("notice", "post.updated");
		return "redirect:/posts/" + id;
	}

	@PostMapping("/posts/{id}/delete")
	String delete(@PathVariable long id, Principal principal, RedirectAttributes redirect) {
		this.posts.delete(id, principal.getName());
		redirect.addFlashAttribute("notice", "post.deleted");
		return "redirect:/";
	}

}
