Feature: State properties (spec E)
  Herodesk.isBooted, Herodesk.isReady and Herodesk.isVisible tell a page what the widget is
  doing.

  Background:
    Given a new visitor

  @spec-E1
  Scenario: E1 — isBooted is false before boot and true after a boot with valid parameters
    When the visitor opens a page that loads the widget without booting it
    Then Herodesk.isReady becomes true
    And Herodesk.isBooted is false
    When the page calls boot as "john@example.com" with a token from the site's server
    Then Herodesk.isBooted becomes true

  @spec-E2
  Scenario: E2 — isReady becomes true once the widget has loaded, and it then accepts commands
    When the visitor opens a page signed in as "john@example.com" with a token from the site's server
    Then Herodesk.isReady becomes true
    When the page calls "show"
    Then the chat panel is open
