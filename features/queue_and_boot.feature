Feature: Queue stub and boot (spec D)
  The page defines a queue stub before the widget script loads; calls made through it are
  buffered and run, in order, once the script has loaded.

  # Resolution (G, used here to observe order): events fire on changes of state only, so
  # `hide` on a closed panel fires nothing.

  Background:
    Given a new visitor

  @spec-D1
  Scenario Outline: D1 — calls queued before the script loads run in order once it loads (<calls>)
    When the visitor opens a page signed in as "john@example.com" that queues "<calls>" before the widget script loads
    Then the widget shows "john@example.com" as a verified contact
    And the page saw the widget events "<events>" in that order
    And the chat panel is <final>

    Examples:
      | calls            | events           | final  |
      | show, hide       | show, hide       | closed |
      | hide, show       | show             | open   |
      | show, hide, show | show, hide, show | open   |
