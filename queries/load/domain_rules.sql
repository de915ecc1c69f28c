-- The product → domain rules in matching order; the loader turns them into the CASE expression
-- of src_product_domain (one vectorised expression instead of a list scan per row).
SELECT pattern, domain
FROM sg_product_domains
ORDER BY priority, length(pattern) DESC, pattern;
