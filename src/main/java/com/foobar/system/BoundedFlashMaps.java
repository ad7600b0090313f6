package com.foobar.system;

import java.util.ArrayList;
import java.util.List;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.web.servlet.FlashMap;
import org.springframework.web.servlet.support.SessionFlashMapManager;

/**
 * Flash attributes (the notice after a redirect) in the session, at most {@link #KEPT} of them. Spring keeps each
 * for 3 minutes unless the page it was meant for is requested: sqlmap's flood of edits, which never followed its
 * redirects, grew the list past the session store's 64 KB attribute column, and every later request of that
 * session answered 500 (bin/lib/attack-test.sh found it). The newest are kept.
 */
final class BoundedFlashMaps extends SessionFlashMapManager {

	static final int KEPT = 8;

	@Override
	protected void updateFlashMaps(List<FlashMap> flashMaps, HttpServletRequest request,
			HttpServletResponse response) {
		// A copy: the session store serializes the list, and a subList view is not Serializable.
		super.updateFlashMaps(flashMaps.size() > KEPT
				? new ArrayList<>(flashMaps.subList(flashMaps.size() - KEPT, flashMaps.size())) : flashMaps, request,
				response);
	}

}
