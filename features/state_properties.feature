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

  @spec-E3
  Scenario: E3 — isVisible is true while the chat panel is open and false when it is closed
    When the visitor opens a page signed in as "john@example.com" with a token from the site's server
    Then Herodesk.isReady becomes true
    And Herodesk.isVisible is false
    When the page calls "show"
    Then the chat panel is open
    And Herodesk.isVisible is true
    When the page calls "hide"
    Then the chat panel is closed
    And Herodesk.isVisible is false

  @spec-E4
  Scenario Outline: E4 — Herodesk.<property> is read-only
    When the visitor opens a page signed in as "john@example.com" with a token from the site's server
    Then Herodesk.isReady becomes true
    When a page script assigns <value> to Herodesk.<property>
    Then Herodesk.<property> is <unchanged>
    And the chat panel is closed

    Examples:
      | property  | value | unchanged |
      | isBooted  | false | true      |
      | isReady   | false | true      |
      | isVisible | true  | false     |

  @spec-E5
  Scenario: E5 — isVisible follows clicks on the launcher and on the close button
    When the visitor opens a page signed in as "john@example.com" with a token from the site's server
    Then Herodesk.isReady becomes true
    When the visitor clicks the widget's launcher
    Then the chat panel is open
    And Herodesk.isVisible is true
    When the visitor clicks the panel's close button
    Then the chat panel is closed
    And Herodesk.isVisible is false

  @spec-E1
  Scenario Outline: E1 — a boot through the queue stub with <what> leaves isBooted false
    # Resolution (D): a boot whose parameters have the wrong types or a malformed email is not
    # processed.
    When the visitor opens a page that queues boot with '<params>' before the widget script loads
    Then Herodesk.isReady becomes true
    And Herodesk.isBooted stays false
    And the widget said on the console why it did not process boot

    Examples:
      | what              | params                                               |
      | a malformed email | {"email": "john.example.com"}                        |
      | an email number   | {"email": 42}                                        |
      | names as arrays   | {"email": "john@example.com", "firstname": ["John"]} |
      | a lastname array  | {"email": "john@example.com", "lastname": ["Doe"]}   |
      | a z_index unit    | {"z_index": "10px"}                                  |
      | a trailing dot    | {"email": "zoe@example.com. "}                       |

  @spec-E1
  Scenario Outline: E1 — a boot after the script has loaded with <what> leaves isBooted false
    When the visitor opens a page that loads the widget without booting it
    Then Herodesk.isReady becomes true
    When the page calls boot with '<params>'
    Then Herodesk.isBooted stays false
    And the widget said on the console why it did not process boot

    Examples:
      | what                | params                                             |
      | a malformed email   | {"email": "john@@example.com"}                     |
      | a token as a number | {"email": "john@example.com", "auth_token": 12345} |
      | an email, not an object | "john@example.com"                              |

  @spec-E2
  Scenario: E2 — the moment isReady turns true, the iframe exists and show opens the panel
    When the visitor opens a page signed in as "john@example.com" that calls show the moment Herodesk.isReady turns true
    Then the widget's iframe existed when Herodesk.isReady turned true
    And the chat panel is open

  @spec-E2
  Scenario: E2 — once ready, a widget that was not booted shows an anonymous visitor
    When the visitor opens a page that loads the widget without booting it
    Then Herodesk.isReady becomes true
    And the widget shows an anonymous visitor
