Feature: Pre-authentication in the widget (spec B)
  A page boots the widget with the contact's email and the auth_token its server got from
  Herodesk; the widget has the backend verify the token and signs the contact in.

  Background:
    Given a new visitor

  @spec-B1 @spec-B4
  Scenario: B1 — booting with email and a valid auth_token signs the contact in, verified by the backend
    When the visitor opens a page signed in as "john@example.com" with a token from the site's server
    Then the widget shows "john@example.com" as a verified contact
    And the widget shows no email form
    And the identify API was called exactly 1 time
    And the identify call carried the auth_token the site's server got for "john@example.com"
