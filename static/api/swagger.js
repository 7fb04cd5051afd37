/*
 * Names Swagger UI leaves out: its list of servers has a heading but no label. Swagger UI draws
 * the page after loading the schema, so the name is given once the list appears. A static file:
 * no inline script under the content security policy.
 */
'use strict';
{
    const name = () => {
        const servers = document.getElementById('servers');
        if (servers && !servers.hasAttribute('aria-label')) {
            servers.setAttribute('aria-label', 'Servers');
        }
    };
    new MutationObserver(name).observe(document.body, { childList: true, subtree: true });
}
