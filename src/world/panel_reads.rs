//! The World's waits on the widget's frame and panel in answer to the page: the panel open
//! or closed, the chat input's text, the frame's z-index, and whether the frame was in the
//! page when `Herodesk.isReady` turned true. Each is a reaction of the widget (to a command,
//! a click, the page's load or a backend answer), so each waits through
//! [`HerodeskWorld::react`]: a "no" once the contract's 2 s have run ("How soon").

use super::HerodeskWorld;
use crate::{
    browser::wait::Probe,
    error::Result,
    pages::{host_watch, widget_frame},
};

impl HerodeskWorld {
    /// Waits until the chat panel is open (`open`) or closed. A reaction (to `show`, `hide`,
    /// a click on the launcher or the close button, a boot): [`Self::react`].
    ///
    /// # Errors
    /// A timeout saying whether the panel was open; WebDriver errors.
    pub async fn wait_for_panel(&mut self, open: bool) -> Result<()> {
        let client = self.client().await?.clone();
        let wanted = if open { "open" } else { "closed" };
        self.react(&format!("the chat panel to be {wanted}"), || async {
            let now = widget_frame::panel_open(&client).await?;
            Ok(Probe::ready_if(now == open, || format!("open = {now}")))
        })
        .await
    }

    /// Fails unless `Herodesk.isVisible` says whether the panel is open, once the work
    /// pending on the page has run (E3): whatever a build does with a key the visitor pressed
    /// in its panel (closes it or not), the property and the panel agree.
    ///
    /// # Errors
    /// [`crate::error::SuiteError::Expectation`] with both; a timeout when they keep changing.
    pub async fn visible_tells_whether_the_panel_is_open(&mut self) -> Result<()> {
        let client = self.client().await?.clone();
        let (visible, open) = self
            .settled_after_pending(
                "Herodesk.isVisible and the panel",
                crate::world::contact_watch::NEVER_FOR,
                || async {
                    let visible = crate::pages::herodesk::state(&client).await?.is_visible;
                    Ok((visible, widget_frame::panel_open(&client).await?))
                },
            )
            .await?;
        if visible == Some(open) {
            return Ok(());
        }
        Err(crate::error::SuiteError::Expectation(format!(
            "expected Herodesk.isVisible to tell whether the chat panel is open, but the panel is {} and Herodesk.isVisible is {}",
            if open { "open" } else { "closed" },
            visible.map_or("not a boolean".to_owned(), |v| v.to_string())
        )))
    }

    /// Waits until the chat input holds exactly `text` (D5: the boot's `message`; `""` for a
    /// boot without one). A reaction to the boot: [`Self::react`].
    ///
    /// # Errors
    /// A timeout showing what the input held; WebDriver errors.
    pub async fn wait_for_chat_input(&mut self, text: &str) -> Result<()> {
        let client = self.client().await?.clone();
        self.react(&format!("the chat input to hold {text:?}"), || async {
            Ok(match widget_frame::chat_input_value(&client).await? {
                Some(v) if v == text => Probe::Ready(()),
                other => Probe::NotYet(format!("{other:?}")),
            })
        })
        .await
    }

    /// Waits until the widget's iframe has the z-index `wanted` (D6). A reaction to the boot:
    /// [`Self::react`].
    ///
    /// # Errors
    /// A timeout showing the z-index last read (or why it could not be read).
    pub async fn wait_for_frame_z_index(&mut self, wanted: &str) -> Result<()> {
        let client = self.client().await?.clone();
        self.react(
            &format!("the widget iframe's z-index to be {wanted}"),
            || async {
                Ok(match widget_frame::frame_z_index(&client).await {
                    Ok(z) if z == wanted => Probe::Ready(()),
                    Ok(z) => Probe::NotYet(format!("z-index {z}")),
                    Err(e) => Probe::NotYet(e.to_string()),
                })
            },
        )
        .await
    }

    /// Waits until `Herodesk.isReady` has turned true and tells whether the widget's iframe
    /// was in the page at that moment (as the host page recorded it). Turning ready is a
    /// reaction to the page's load: [`Self::react`].
    ///
    /// # Errors
    /// A timeout when isReady never turns true; WebDriver errors.
    pub async fn frame_existed_when_ready(&mut self) -> Result<bool> {
        let client = self.client().await?.clone();
        self.react("Herodesk.isReady to turn true", || async {
            Ok(match host_watch::frame_existed_when_ready(&client).await? {
                Some(existed) => Probe::Ready(existed),
                None => Probe::NotYet("isReady not true yet".into()),
            })
        })
        .await
    }
}
