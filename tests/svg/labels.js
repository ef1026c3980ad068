// Measures every label of the inline SVG with getBBox() and writes the verdict into
// the page's #result element, which `chromium --headless --dump-dom` prints (tests/svg/test-svg.sh):
// "OK n labels", or "FAIL" and one line per label that is empty, has no size, lies outside
// the picture, or overlaps another label.
(function () {
	const svg = document.querySelector('svg');
	const view = svg.viewBox.baseVal;
	const texts = Array.from(svg.querySelectorAll('text'));
	const boxes = texts.map(t => t.getBBox());
	const bad = [];
	texts.forEach((t, i) => {
		const b = boxes[i], what = JSON.stringify(t.textContent);
		if (!t.textContent.trim() || b.width <= 0 || b.height <= 0)
			bad.push('missing ' + what);
		else if (b.x < view.x || b.y < view.y || b.x + b.width > view.x + view.width ||
			 b.y + b.height > view.y + view.height)
			bad.push('outside the picture ' + what);
		for (let j = 0; j < i; j++) {
			const o = boxes[j];
			if (b.x < o.x + o.width && o.x < b.x + b.width &&
			    b.y < o.y + o.height && o.y < b.y + b.height)
				bad.push('overlap ' + what + ' and ' + JSON.stringify(texts[j].textContent));
		}
	});
	document.getElementById('result').textContent =
		bad.length ? 'FAIL\n' + bad.join('\n') : 'OK ' + texts.length + ' labels';
})();
