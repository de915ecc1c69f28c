-- The product → domain rules in matching order, as the variable src_product_domain reads.
SET VARIABLE sg_domain_rules = (
    SELECT list({'pattern': pattern, 'domain': domain} ORDER BY priority, length(pattern) DESC, pattern)
    FROM sg_product_domains);
