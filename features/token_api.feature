Feature: Server-side token (spec A)
  A customer's server asks Herodesk for a contact's auth_token with its API key, so that the
  widget can sign the contact in without the key ever reaching the browser.

  # Resolution (A4): auth_token is the lowercase hex HMAC-SHA256 of the contact's email, trimmed
  # and lower-cased, keyed with the workspace's identity secret.
  # Resolution (bad requests): every error is a JSON body {error, message}.

  @spec-A1 @spec-A4
  Scenario: A1 — looking a contact up by email returns the contact and its auth_token
    When the customer's server asks for the chat token of "john@example.com"
    Then the answer is 200 with contact_id 123, email "john@example.com" and name "John Doe"
    And the auth_token is the HMAC-SHA256 of "john@example.com" with the workspace's identity secret

  @spec-A2
  Scenario: A2 — looking a contact up by id returns the same fields
    When the customer's server asks for the chat token of contact id 123
    Then the answer is 200 with contact_id 123, email "john@example.com" and name "John Doe"
    And the auth_token is the HMAC-SHA256 of "john@example.com" with the workspace's identity secret

  @spec-A3
  Scenario Outline: A3 — a <kind> API key is refused with a JSON error
    When the customer's server asks for the chat token of "john@example.com" with <credentials>
    Then the answer is 401 with a JSON error body

    Examples:
      | kind      | credentials                                    |
      | missing   | no Authorization header                        |
      | malformed | the Authorization header "Basic am9objpkb2U="  |
      | malformed | the Authorization header "Bearer"              |
      | wrong     | a wrong API key                                |

  @spec-A5
  Scenario: A5 — the API key appears nowhere the browser can see
    Given a new visitor
    When the visitor opens a page signed in as "john@example.com" with a token from the site's server
    Then the widget shows "john@example.com" as a verified contact
    And the workspace's API key appears nowhere in the page, its storage, its cookies or the browser's requests

  @spec-A5
  Scenario: A5 — a page script cannot call the token endpoint cross-origin
    # Resolution (A5): the token endpoint sends no CORS headers, so a browser refuses the call.
    Given a new visitor
    When the visitor opens a page signed in as "john@example.com" with a token from the site's server
    And a script on the page calls the token endpoint with the workspace's API key
    Then the browser blocks that call
    And the token endpoint answers a cross-origin request without CORS headers
